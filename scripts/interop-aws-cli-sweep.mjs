#!/usr/bin/env node
// The AWS CLI v1 commands a learner of these labs runs, replayed against `cloudlab emulator`, each checked for
// the output (or the AWS error) AWS gives:   node scripts/interop-aws-cli-sweep.mjs   (pnpm interop:sweep)
// sts · ssm (types, tiers, selectors, paths, filters, paging, history, labels, tags) · s3 (mb, cp incl. a
// multipart upload, sync, ls, mv, rm, rb, presign s3v4) · s3api (objects, ranges, listing, tagging, multipart,
// select CSV/JSON/Parquet) · cloudformation (create, wait, events, resources, template, delete, list) · lambda.
// scripts/interop-aws-cli.mjs covers lab 05's package/deploy path. Not part of the test suite: `aws` is not a
// dependency of this project (exit 2 without it). Every check runs; exit 1 if any failed.
import { $, chalk, echo, fs, os, path, which } from 'zx';

const repoRoot = path.resolve(import.meta.dirname, '..');
const cloudlabBin = path.join(repoRoot, 'packages', 'cli', 'bin', 'cloudlab.js');
const parquet = path.join(repoRoot, 'labs', '04-s3-select', 'fixtures', 'trips.parquet');

if (!(await which('aws', { nothrow: true }))) {
  echo(
    chalk.red(
      'sweep: the AWS CLI (`aws`) is not on PATH — install it (https://aws.amazon.com/cli/) and run again',
    ),
  );
  process.exit(2);
}

$.verbose = false;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudlab-sweep-'));
const file = (name) => path.join(scratch, name);
// The CLI sees only the emulator: no profile, no instance metadata; S3 presigns with SigV4 (as AWS requires).
fs.writeFileSync(file('config'), '[default]\ns3 =\n    signature_version = s3v4\n');
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
let awsEnv = {
  ...baseEnv,
  AWS_CONFIG_FILE: file('config'),
  AWS_SHARED_CREDENTIALS_FILE: file('no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};

/** A command line's words: the literal text splits on spaces, each ${value} stays one word (an array: several). */
function words(strings, values) {
  const marks = values.map((_, i) => `\u0000${i}\u0000`);
  const line = strings.reduce((text, part, i) => text + part + (marks[i] ?? ''), '');
  return line
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => {
      const whole = marks.indexOf(word);
      if (whole !== -1 && Array.isArray(values[whole])) return values[whole].map(String);
      return [marks.reduce((w, mark, i) => w.replaceAll(mark, String(values[i])), word)];
    });
}

async function run(args, env) {
  const done = await $({ env: { ...awsEnv, ...env }, cwd: scratch, nothrow: true, quiet: true })`aws ${args}`;
  return { code: done.exitCode, out: done.stdout.trim(), err: done.stderr.trim() };
}

/** aws`…` (or awsAs(env)`…`) must succeed; its output comes back parsed when it is JSON. */
const awsAs =
  (env = {}) =>
  async (strings, ...values) => {
    const args = words(strings, values);
    const { code, out, err } = await run(args, env);
    if (code !== 0) throw new Error(`aws ${args.join(' ')} exited ${code}: ${err.slice(0, 400)}`);
    try {
      return JSON.parse(out);
    } catch {
      return out;
    }
  };
const aws = awsAs();

/** fails(code)`…` must fail with that AWS error code, printed by the CLI (not a parse failure). */
const fails =
  (code, env = {}) =>
  async (strings, ...values) => {
    const args = words(strings, values);
    const done = await run(args, env);
    if (done.code === 0 || !done.err.includes(`(${code})`))
      throw new Error(
        `aws ${args.join(' ')}: expected ${code}, got exit ${done.code}: ${done.err.slice(0, 300)}`,
      );
  };

function expect(condition, what) {
  if (!condition) throw new Error(typeof what === 'string' ? what : JSON.stringify(what));
}

const results = [];
async function check(title, fn) {
  try {
    await fn();
    results.push(true);
    echo(`${chalk.green('✓')} ${title}`);
  } catch (error) {
    results.push(false);
    echo(`${chalk.red('✗')} ${title}\n  ${chalk.red(error.message)}`);
  }
}

const bucket = `cloudlab-sweep-${Date.now()}`;
const sql = (expression) => ['--expression', expression, '--expression-type', 'SQL'];

try {
  const started = await $({
    env: baseEnv,
    cwd: scratch,
    quiet: true,
  })`node ${cloudlabBin} emulator --detach --json`;
  const connection = JSON.parse(started.stdout);
  awsEnv = {
    ...awsEnv,
    AWS_ENDPOINT_URL: connection.endpoint,
    AWS_ACCESS_KEY_ID: connection.accessKeyId,
    AWS_SECRET_ACCESS_KEY: connection.secretAccessKey,
    AWS_DEFAULT_REGION: connection.region,
  };
  echo(chalk.bold(`sweep: ${connection.endpoint} with ${(await $`aws --version`).stdout.trim()}`));

  await check('sts get-caller-identity, get-session-token', async () => {
    const me = await aws`sts get-caller-identity`;
    expect(/^\d{12}$/.test(me.Account) && me.Arn.includes(':user/'), me);
    const session = await aws`sts get-session-token --duration-seconds 900`;
    expect(session.Credentials.SessionToken && session.Credentials.Expiration, session);
  });

  await check(
    'ssm put-parameter: String, StringList, SecureString, --overwrite, --tags, --tier',
    async () => {
      await aws`ssm put-parameter --name /sweep/db/host --value db1 --type String`;
      await aws`ssm put-parameter --name /sweep/db/host --value db2 --overwrite`;
      await fails('ParameterAlreadyExists')`ssm put-parameter --name /sweep/db/host --value x --type String`;
      await aws`ssm put-parameter --name /sweep/db/password --value s3cret --type SecureString`;
      await aws`ssm put-parameter --name /sweep/list --value a,b --type StringList --tags Key=team,Value=red`;
      const advanced = await aws`ssm put-parameter --name /sweep/adv --value v --type String --tier Advanced`;
      expect(advanced.Tier === 'Advanced' && advanced.Version === 1, advanced);
    },
  );

  await check('ssm get-parameter(s): --with-decryption, :version and :label selectors', async () => {
    const secret = await aws`ssm get-parameter --name /sweep/db/password --with-decryption`;
    expect(secret.Parameter.Value === 's3cret', secret);
    const first = await aws`ssm get-parameter --name /sweep/db/host:1`;
    expect(first.Parameter.Value === 'db1' && first.Parameter.Selector === ':1', first);
    await aws`ssm label-parameter-version --name /sweep/db/host --parameter-version 1 --labels old`;
    const labelled = await aws`ssm get-parameter --name /sweep/db/host:old --query Parameter.Value`;
    expect(labelled === 'db1', labelled);
    await fails('ParameterNotFound')`ssm get-parameter --name /sweep/nope`;
    const some = await aws`ssm get-parameters --names /sweep/db/host /sweep/nope`;
    expect(some.Parameters.length === 1 && some.InvalidParameters[0] === '/sweep/nope', some);
  });

  await check(
    'ssm get-parameters-by-path: --recursive, --parameter-filters, --max-items/--starting-token',
    async () => {
      const all = await aws`ssm get-parameters-by-path --path /sweep --recursive --query Parameters[].Name`;
      expect(all.length === 4, all);
      const secure = await aws`ssm get-parameters-by-path --path /sweep --recursive --with-decryption
      --parameter-filters Key=Type,Values=SecureString`;
      expect(secure.Parameters.length === 1 && secure.Parameters[0].Value === 's3cret', secure);
      const first =
        await aws`ssm get-parameters-by-path --path /sweep --recursive --max-items 2 --page-size 1`;
      const rest = await aws`ssm get-parameters-by-path --path /sweep --recursive --page-size 1
      --starting-token ${first.NextToken}`;
      const names = [...first.Parameters, ...rest.Parameters].map((p) => p.Name);
      expect(names.length === 4 && new Set(names).size === 4, names);
    },
  );

  await check(
    'ssm describe-parameters filters, get-parameter-history, tags, delete-parameter(s)',
    async () => {
      const begins =
        await aws`ssm describe-parameters --parameter-filters Key=Name,Option=BeginsWith,Values=/sweep/db`;
      expect(begins.Parameters.length === 2, begins);
      const tagged = await aws`ssm describe-parameters --parameter-filters Key=tag:team,Values=red`;
      expect(tagged.Parameters[0]?.Name === '/sweep/list', tagged);
      await fails('InvalidFilterKey')`ssm describe-parameters --parameter-filters Key=Bogus,Values=x`;
      const history = await aws`ssm get-parameter-history --name /sweep/db/host`;
      expect(history.Parameters.map((p) => p.Version).join() === '1,2', history);
      const resource = ['--resource-type', 'Parameter', '--resource-id', '/sweep/db/host'];
      await aws`ssm add-tags-to-resource ${resource} --tags Key=env,Value=dev`;
      const tags = await aws`ssm list-tags-for-resource ${resource}`;
      expect(tags.TagList[0]?.Key === 'env', tags);
      await aws`ssm delete-parameter --name /sweep/adv`;
      const deleted = await aws`ssm delete-parameters --names /sweep/list /sweep/nope`;
      expect(deleted.InvalidParameters[0] === '/sweep/nope', deleted);
    },
  );

  fs.mkdirSync(file('tree/sub'), { recursive: true });
  fs.writeFileSync(file('tree/a b.txt'), 'hello\n');
  fs.writeFileSync(file('tree/sub/plus+sign.txt'), 'world\n');
  fs.writeFileSync(file('big.bin'), Buffer.alloc(9 * 1024 * 1024, 7));
  fs.writeFileSync(file('people.csv'), 'name,age\nann,31\nbob,25\n');
  fs.writeFileSync(file('people.json'), '{"name":"ann","age":31}\n{"name":"bob","age":25}\n');

  await check(
    's3 mb, cp (9 MiB: multipart), cp back, cp --recursive, ls --recursive --summarize',
    async () => {
      await aws`s3 mb s3://${bucket}`;
      await aws`s3 cp big.bin s3://${bucket}/big.bin --only-show-errors`;
      const head = await aws`s3api head-object --bucket ${bucket} --key big.bin`;
      expect(/-\d+"$/.test(head.ETag) && head.ContentLength === 9 * 1024 * 1024, head);
      await aws`s3 cp s3://${bucket}/big.bin big.down --only-show-errors`;
      expect(
        fs.readFileSync(file('big.down')).equals(fs.readFileSync(file('big.bin'))),
        'downloaded bytes differ',
      );
      await aws`s3 cp tree s3://${bucket}/tree --recursive --only-show-errors`;
      const listed = await aws`s3 ls s3://${bucket} --recursive --human-readable --summarize`;
      expect(listed.includes('tree/a b.txt') && listed.includes('Total Objects: 3'), listed);
    },
  );

  await check(
    's3 sync (up, unchanged, down), mv, presign (s3v4), rm --recursive, GLACIER, --acl',
    async () => {
      await aws`s3 sync tree s3://${bucket}/synced --only-show-errors`;
      const again = await aws`s3 sync tree s3://${bucket}/synced --dryrun`;
      expect(again === '', `a second sync would copy: ${again}`);
      await aws`s3 sync s3://${bucket}/synced down --only-show-errors`;
      expect(fs.readFileSync(file('down/sub/plus+sign.txt'), 'utf8') === 'world\n', 'sync down');
      await aws`s3 mv ${`s3://${bucket}/synced/a b.txt`} s3://${bucket}/moved.txt --only-show-errors`;
      const url = await aws`s3 presign s3://${bucket}/moved.txt --expires-in 300`;
      const response = await fetch(url);
      expect(
        response.status === 200 && (await response.text()) === 'hello\n',
        `presigned GET ${response.status}`,
      );
      await aws`s3 rm s3://${bucket}/synced --recursive --only-show-errors`;
      const left = await aws`s3api list-objects-v2 --bucket ${bucket} --prefix synced/`;
      expect(!left.Contents, left);
      await aws`s3 cp people.csv s3://${bucket}/cold.csv --storage-class GLACIER --only-show-errors`;
      await fails('InvalidObjectState')`s3api get-object --bucket ${bucket} --key cold.csv cold.out`;
      await aws`s3 rm s3://${bucket}/cold.csv --only-show-errors`;
      // Buckets have ACLs disabled since 2023: older tutorials' --acl public-read fails on AWS.
      await fails(
        'AccessControlListNotSupported',
      )`s3 cp people.csv s3://${bucket}/public.csv --acl public-read`;
    },
  );

  await check('s3api put/get/head/copy/delete-object, --range, tagging, get-bucket-location', async () => {
    const object = ['--bucket', bucket, '--key', 'people.csv'];
    await aws`s3api put-object ${object} --body people.csv --content-type text/csv --tagging team=red`;
    const got = await aws`s3api get-object ${object} --range bytes=0-3 part.txt`;
    expect(got.ContentRange === 'bytes 0-3/23' && fs.readFileSync(file('part.txt'), 'utf8') === 'name', got);
    await aws`s3api put-object-tagging ${object} --tagging TagSet=[{Key=owner,Value=ann}]`;
    const tags = await aws`s3api get-object-tagging ${object}`;
    expect(tags.TagSet[0]?.Key === 'owner', tags);
    const copied =
      await aws`s3api copy-object --bucket ${bucket} --key copy.csv --copy-source ${bucket}/people.csv`;
    expect(copied.CopyObjectResult.ETag, copied);
    await aws`s3api delete-object --bucket ${bucket} --key copy.csv`;
    await fails('NoSuchKey')`s3api get-object --bucket ${bucket} --key copy.csv out.csv`;
    await fails('404')`s3api head-object --bucket ${bucket} --key copy.csv`;
    const location = await aws`s3api get-bucket-location --bucket ${bucket}`;
    expect(location.LocationConstraint === null, location);
  });

  await check('s3api list-objects-v2: --prefix, --delimiter, --start-after, CLI paging', async () => {
    const byFolder = await aws`s3api list-objects-v2 --bucket ${bucket} --delimiter /`;
    expect(
      byFolder.CommonPrefixes.some((p) => p.Prefix === 'tree/'),
      byFolder,
    );
    const after =
      await aws`s3api list-objects-v2 --bucket ${bucket} --start-after people.csv --query Contents[].Key`;
    expect(after[0] === 'tree/a b.txt', after);
    const first = await aws`s3api list-objects-v2 --bucket ${bucket} --max-items 2 --page-size 1`;
    const rest = await aws`s3api list-objects-v2 --bucket ${bucket} --starting-token ${first.NextToken}`;
    expect(first.Contents.length + rest.Contents.length === 5, rest);
  });

  await check('s3api create-multipart-upload, upload-part, complete, abort', async () => {
    const key = ['--bucket', bucket, '--key', 'parts.bin'];
    const { UploadId } = await aws`s3api create-multipart-upload ${key}`;
    const part =
      await aws`s3api upload-part ${key} --upload-id ${UploadId} --part-number 1 --body people.csv`;
    const parts = JSON.stringify({ Parts: [{ ETag: part.ETag, PartNumber: 1 }] });
    const done =
      await aws`s3api complete-multipart-upload ${key} --upload-id ${UploadId} --multipart-upload ${parts}`;
    expect(done.ETag.endsWith('-1"'), done);
    const other = await aws`s3api create-multipart-upload ${key}`;
    await aws`s3api abort-multipart-upload ${key} --upload-id ${other.UploadId}`;
    await fails('NoSuchUpload')`s3api list-parts ${key} --upload-id ${other.UploadId}`;
  });

  await check('s3api select-object-content: CSV, JSON lines, Parquet', async () => {
    await aws`s3 cp people.json s3://${bucket}/people.json --only-show-errors`;
    await aws`s3 cp ${parquet} s3://${bucket}/trips.parquet --only-show-errors`;
    const select = ['s3api', 'select-object-content', '--bucket', bucket];
    await aws`${select} --key people.csv ${sql('select s.name from s3object s where cast(s.age as int) > 30')}
      --input-serialization {"CSV":{"FileHeaderInfo":"USE"}} --output-serialization {"CSV":{}} csv.out`;
    expect(fs.readFileSync(file('csv.out'), 'utf8') === 'ann\n', 'CSV select');
    await aws`${select} --key people.json ${sql('select s.name from s3object s where s.age < 30')}
      --input-serialization {"JSON":{"Type":"LINES"}} --output-serialization {"JSON":{}} json.out`;
    expect(fs.readFileSync(file('json.out'), 'utf8') === '{"name":"bob"}\n', 'JSON select');
    await aws`${select} --key trips.parquet ${sql('select count(*) from s3object')}
      --input-serialization {"Parquet":{}} --output-serialization {"CSV":{}} parquet.out`;
    expect(/^\d+\n$/.test(fs.readFileSync(file('parquet.out'), 'utf8')), 'Parquet select');
  });

  fs.writeFileSync(
    file('role.yaml'),
    `Description: sweep role
Resources:
  LabRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: read
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: ssm:GetParameter, Resource: '*' }] }
Outputs:
  RoleArn:
    Value: !GetAtt LabRole.Arn
`,
  );
  const stack = ['--stack-name', 'sweep-role'];

  await check(
    'cloudformation validate-template, create-stack, wait, events, resources, get-template',
    async () => {
      const valid = await aws`cloudformation validate-template --template-body file://role.yaml`;
      await fails('ValidationError')`cloudformation validate-template --template-body ${'Resources: {}'}`;
      expect(valid.Capabilities[0] === 'CAPABILITY_IAM', valid);
      await aws`cloudformation create-stack ${stack} --template-body file://role.yaml --capabilities CAPABILITY_IAM`;
      await aws`cloudformation wait stack-create-complete ${stack}`;
      const events = await aws`cloudformation describe-stack-events ${stack}`;
      expect(events.StackEvents[0].ResourceStatus === 'CREATE_COMPLETE', events.StackEvents[0]);
      const resources = await aws`cloudformation describe-stack-resources ${stack}`;
      expect(resources.StackResources[0].ResourceType === 'AWS::IAM::Role', resources);
      const template = await aws`cloudformation get-template ${stack}`;
      expect(template.TemplateBody.startsWith('Description: sweep role'), template);
    },
  );

  await check(
    'sts assume-role of the role the stack created; its credentials are held to its policy',
    async () => {
      const arn =
        await aws`cloudformation describe-stacks ${stack} --query Stacks[0].Outputs[0].OutputValue --output text`;
      const { Credentials } = await aws`sts assume-role --role-arn ${arn} --role-session-name learner`;
      const as = {
        AWS_ACCESS_KEY_ID: Credentials.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: Credentials.SecretAccessKey,
        AWS_SESSION_TOKEN: Credentials.SessionToken,
      };
      const me = await awsAs(as)`sts get-caller-identity`;
      expect(me.Arn.endsWith(`:assumed-role/${arn.split('/').at(-1)}/learner`), me);
      const read = await awsAs(as)`ssm get-parameter --name /sweep/db/host`;
      expect(read.Parameter.Value === 'db2', read);
      await fails('AccessDeniedException', as)`ssm delete-parameter --name /sweep/db/host`;
    },
  );

  await check('cloudformation delete-stack, wait, list-stacks shows DELETE_COMPLETE', async () => {
    await aws`cloudformation delete-stack ${stack}`;
    await aws`cloudformation wait stack-delete-complete ${stack}`;
    await fails('ValidationError')`cloudformation describe-stacks ${stack}`;
    const listed = await aws`cloudformation list-stacks --stack-status-filter DELETE_COMPLETE`;
    expect(
      listed.StackSummaries.some((s) => s.StackName === 'sweep-role' && s.DeletionTime),
      listed,
    );
  });

  await check(
    'cloudformation create-stack --disable-rollback keeps a failed create as CREATE_FAILED',
    async () => {
      fs.writeFileSync(file('failing.yaml'), 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n');
      const failing = ['--stack-name', 'sweep-failing'];
      await aws`cloudformation create-stack ${failing} --template-body file://failing.yaml --disable-rollback`;
      const status = await aws`cloudformation describe-stacks ${failing} --query Stacks[0].StackStatus`;
      expect(status === 'CREATE_FAILED', status);
      await aws`cloudformation delete-stack ${failing}`;
    },
  );

  await check(
    'lambda create-function, list-functions, get-function(-configuration), invoke --payload',
    async () => {
      const { Account } = await aws`sts get-caller-identity`;
      fs.writeFileSync(file('index.mjs'), 'export const handler = async (event) => ({ got: event });\n');
      await $({ cwd: scratch })`zip -q fn.zip index.mjs`;
      await aws`lambda create-function --function-name sweep-fn --runtime nodejs24.x --handler index.handler
      --role arn:aws:iam::${Account}:role/sweep-lambda --zip-file fileb://fn.zip`;
      const names = await aws`lambda list-functions --query Functions[].FunctionName`;
      expect(names.includes('sweep-fn'), names);
      const fn = await aws`lambda get-function --function-name sweep-fn`;
      expect(fn.Configuration.State === 'Active', fn);
      await aws`lambda update-function-configuration --function-name sweep-fn --timeout 10`;
      const config = await aws`lambda get-function-configuration --function-name sweep-fn`;
      expect(config.Timeout === 10 && config.Handler === 'index.handler', config);
      const invoked = await aws`lambda invoke --function-name sweep-fn --payload {"a":1} response.json`;
      expect(invoked.StatusCode === 200, invoked);
      expect(fs.readFileSync(file('response.json'), 'utf8') === '{"got":{"a":1}}', 'response file');
      await fails('ResourceNotFoundException')`lambda invoke --function-name nope out.json`;
    },
  );

  await check(
    'operations the emulator does not serve answer NotImplemented, which the CLI prints',
    async () => {
      await fails('NotImplemented')`cloudformation list-exports`;
      await fails('NotImplemented')`ssm describe-instance-information`;
      await fails('NotImplemented')`s3api get-bucket-policy --bucket ${bucket}`;
      await fails('NotImplemented')`lambda list-layers`;
      await fails('UnknownService')`iam list-roles`;
    },
  );

  await check('s3 rb --force', async () => {
    await aws`s3 rb s3://${bucket} --force`;
    await fails('404')`s3api head-bucket --bucket ${bucket}`;
  });
} finally {
  await $({ env: baseEnv, cwd: scratch, nothrow: true, quiet: true })`node ${cloudlabBin} emulator stop`;
  fs.rmSync(scratch, { recursive: true, force: true });
}

const failed = results.filter((ok) => !ok).length;
echo(
  failed
    ? chalk.red(`sweep: ${failed} of ${results.length} checks failed`)
    : chalk.green(`sweep: all ${results.length} checks passed`),
);
process.exitCode = failed ? 1 : 0;
