#!/usr/bin/env node
// Lab 05 through the real AWS CLI against `cloudlab emulator` (the deploy path learners take to AWS):
//   node scripts/interop-aws-cli.mjs
// 1. start `cloudlab emulator --detach` in a scratch folder      6. call the API URL from the stack's outputs
// 2. `cloudlab sam build` lab 05's solution                      7. deploy again with Learner=interop: an UPDATE
// 3. `aws s3 mb` a bucket, `aws ssm put-parameter` the fixtures     change set (CONFIG_PATH changes), call again
// 4. `aws cloudformation package` the built template             8. deploy unchanged: an empty change set, exit 0
// 5. `aws cloudformation deploy` (a CREATE change set)           9. delete-stack + wait, stop the emulator
//    (7 passes --s3-bucket: the template goes by TemplateURL, as `sam deploy` sends it)
// Each step prints how long it took and which AWS calls the CLI made (counted from botocore's debug log,
// which is read here and not shown). Exit 2 when `aws` is not on PATH: it is not a dependency of this project.
import { performance } from 'node:perf_hooks';
import { $, chalk, echo, fs, os, path, quote, which } from 'zx';

const repoRoot = path.resolve(import.meta.dirname, '..');
const cloudlabBin = path.join(repoRoot, 'packages', 'cli', 'bin', 'cloudlab.js');
const lab = path.join(repoRoot, 'labs', '05-sam-deploy');
const parameters = JSON.parse(fs.readFileSync(path.join(lab, 'fixtures', 'parameters.json'), 'utf8'));

if (!(await which('aws', { nothrow: true }))) {
  echo(
    chalk.red(
      'interop: the AWS CLI (`aws`) is not on PATH — install it (https://aws.amazon.com/cli/) and run again',
    ),
  );
  process.exit(2);
}

$.verbose = false;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudlab-interop-'));
const stackName = 'cloudlab-interop-05';
const bucket = `cloudlab-interop-${Date.now()}`;
// The CLI sees only the emulator: no profile, no config file, no instance metadata.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
let awsEnv = {
  ...baseEnv,
  AWS_CONFIG_FILE: path.join(scratch, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(scratch, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
};
const report = [];

/** Runs one step, printing its title, time and the AWS calls made in it. */
async function step(title, fn) {
  const calls = [];
  const started = performance.now();
  echo(chalk.bold(`▶ ${title}`));
  const result = await fn(calls);
  const ms = Math.round(performance.now() - started);
  const byOperation = new Map();
  for (const op of calls) byOperation.set(op, (byOperation.get(op) ?? 0) + 1);
  const counted = [...byOperation].map(([op, n]) => `${op}×${n}`);
  echo(
    `  ${chalk.green('✓')} ${ms} ms${counted.length ? `; ${calls.length} AWS calls: ${counted.join(', ')}` : ''}`,
  );
  report.push({ title, ms, calls: calls.length });
  return result;
}

/** `aws …` with --debug, whose log is parsed for the operations botocore sent; stdout is returned. */
async function aws(calls, args) {
  echo(chalk.dim(`  $ aws ${args.map(quote).join(' ')}`));
  const run = await $({ env: awsEnv, cwd: scratch, nothrow: true, quiet: true })`aws ${args} --debug`;
  for (const match of run.stderr.matchAll(/Making request for OperationModel\(name=(\w+)\)/g))
    calls.push(match[1]);
  if (run.exitCode !== 0) {
    const said = run.stderr
      .split('\n')
      .filter((line) => line && !/^\d{4}-\d\d-\d\d |^\s|^Traceback|^[A-Za-z.]+Error: /.test(line));
    throw new Error(
      `aws ${args.slice(0, 2).join(' ')} exited ${run.exitCode}: ${said.join(' ').slice(0, 800)}`,
    );
  }
  return run.stdout.trim();
}

async function cloudlab(args, cwd = scratch) {
  echo(chalk.dim(`  $ cloudlab ${args.join(' ')}`));
  return (
    await $({ env: { ...baseEnv, ...onlyEmulator() }, cwd, quiet: true })`node ${cloudlabBin} ${args}`
  ).stdout.trim();
}
const onlyEmulator = () =>
  Object.fromEntries(Object.entries(awsEnv).filter(([name]) => name.startsWith('AWS_')));

async function callGreeting(calls, expected) {
  const url = await aws(calls, [
    'cloudformation',
    'describe-stacks',
    '--stack-name',
    stackName,
    '--query',
    "Stacks[0].Outputs[?OutputKey=='ConfigApiUrl'].OutputValue",
    '--output',
    'text',
  ]);
  echo(chalk.dim(`  $ curl ${url}/config/greeting`));
  const response = await fetch(`${url}/config/greeting`);
  const body = await response.json();
  if (response.status !== 200 || body.value !== expected) {
    throw new Error(
      `GET ${url}/config/greeting answered ${response.status} ${JSON.stringify(body)}, not "${expected}"`,
    );
  }
  echo(`  ${response.status} ${JSON.stringify(body)}`);
}

const deployArgs = (template, learner, ...more) => [
  'cloudformation',
  'deploy',
  '--template-file',
  template,
  '--stack-name',
  stackName,
  '--capabilities',
  'CAPABILITY_IAM',
  'CAPABILITY_AUTO_EXPAND',
  '--parameter-overrides',
  `Learner=${learner}`,
  ...more,
];

let failed = false;
try {
  await step('start the emulator in the background (cloudlab emulator --detach)', async () => {
    const connection = JSON.parse(await cloudlab(['emulator', '--detach', '--json']));
    awsEnv = {
      ...awsEnv,
      AWS_ENDPOINT_URL: connection.endpoint,
      AWS_ACCESS_KEY_ID: connection.accessKeyId,
      AWS_SECRET_ACCESS_KEY: connection.secretAccessKey,
      AWS_DEFAULT_REGION: connection.region,
    };
    echo(`  ${connection.endpoint} (${(await $`aws --version`).stdout.trim()})`);
  });

  const buildDir = path.join(scratch, '.aws-sam', 'build');
  await step("build lab 05's solution (cloudlab sam build)", async () => {
    echo(
      `  ${await cloudlab(['sam', 'build', '--solution', '--build-dir', buildDir], repoRoot)}`.split('\n')[0],
    );
  });

  await step('make the bucket and seed the parameters (aws s3 mb, aws ssm put-parameter)', async (calls) => {
    await aws(calls, ['s3', 'mb', `s3://${bucket}`]);
    for (const learner of ['student', 'interop']) {
      for (const [name, value] of Object.entries(parameters)) {
        const seeded = learner === 'interop' && name === 'greeting' ? `${value} (after the update)` : value;
        await aws(calls, [
          'ssm',
          'put-parameter',
          '--name',
          `/cloudlab/${learner}/05/${name}`,
          '--value',
          seeded,
          '--type',
          'String',
          '--overwrite',
        ]);
      }
    }
  });

  const packaged = path.join(scratch, 'packaged.yaml');
  await step('package the built template (aws cloudformation package)', async (calls) => {
    await aws(calls, [
      'cloudformation',
      'package',
      '--template-file',
      path.join(buildDir, 'template.yaml'),
      '--s3-bucket',
      bucket,
      '--output-template-file',
      packaged,
    ]);
    echo(`  CodeUri: ${/CodeUri: (\S+)/.exec(fs.readFileSync(packaged, 'utf8'))?.[1]}`);
  });

  await step('deploy: a CREATE change set (aws cloudformation deploy)', (calls) =>
    aws(calls, deployArgs(packaged, 'student')),
  );
  await step('call the API URL from the stack outputs', (calls) => callGreeting(calls, parameters.greeting));

  // --s3-bucket: the CLI uploads the template and sends TemplateURL, as `sam deploy` always does.
  await step(
    'deploy with Learner=interop via --s3-bucket: an UPDATE change set (CONFIG_PATH changes)',
    (calls) => aws(calls, deployArgs(packaged, 'interop', '--s3-bucket', bucket)),
  );
  await step('call again: the function reads the new path', (calls) =>
    callGreeting(calls, `${parameters.greeting} (after the update)`),
  );

  await step('deploy unchanged: an empty change set (--no-fail-on-empty-changeset)', async (calls) => {
    const said = await aws(calls, deployArgs(packaged, 'interop', '--no-fail-on-empty-changeset'));
    echo(`  ${said.split('\n').at(-1)}`);
  });

  await step(
    'delete the stack (aws cloudformation delete-stack, wait stack-delete-complete)',
    async (calls) => {
      await aws(calls, ['cloudformation', 'delete-stack', '--stack-name', stackName]);
      await aws(calls, ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', stackName]);
      await aws(calls, ['s3', 'rb', `s3://${bucket}`, '--force']);
    },
  );
} catch (error) {
  failed = true;
  echo(chalk.red(`interop: ${error.message}`));
} finally {
  await step('stop the emulator (cloudlab emulator stop)', () =>
    cloudlab(['emulator', 'stop']).catch(() => ''),
  );
  fs.rmSync(scratch, { recursive: true, force: true });
}

const total = report.reduce((sum, r) => sum + r.ms, 0);
const calls = report.reduce((sum, r) => sum + r.calls, 0);
echo(
  failed
    ? chalk.red(`interop: failed after ${total} ms`)
    : chalk.green(`interop: all ${report.length} steps passed in ${total} ms, ${calls} AWS calls`),
);
process.exitCode = failed ? 1 : 0;
