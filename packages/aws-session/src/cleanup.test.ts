import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { deleteLeftovers, findLeftovers } from './cleanup.ts';
import { labResourceContext, ResourceTracker } from './lab-resources.ts';

let emulator: RunningEmulator;
let clients: { s3: S3Client; ssm: SSMClient; cloudformation: CloudFormationClient };

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

// Each test gets its own emulator account, so leftovers of one test never show up in another.
beforeEach(async () => {
  const account = await emulator.createAccount();
  const config = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
  };
  clients = {
    s3: new S3Client({ ...config, forcePathStyle: true }),
    ssm: new SSMClient(config),
    cloudformation: new CloudFormationClient(config),
  };
});

async function leaveBehind(): Promise<{
  anaBucket: string;
  bobBucket: string;
  mine: string;
  byHand: string;
}> {
  // Bucket names are global (as on AWS): the hand-made ones get a per-test suffix.
  const suffix = Math.random().toString(36).slice(2, 8);
  const mine = `my-own-photos-${suffix}`;
  const byHand = `cloudlab-untagged-02-by-hand-${suffix}`;
  const ana = new ResourceTracker(labResourceContext('02', { CLOUDLAB_LEARNER: 'ana' }), clients);
  const bob = new ResourceTracker(labResourceContext('03', { CLOUDLAB_LEARNER: 'bob' }), clients);
  const anaBucket = await ana.createBucket();
  const bobBucket = await bob.createBucket();
  for (let i = 0; i < 3; i++)
    await clients.s3.send(new PutObjectCommand({ Bucket: anaBucket, Key: `k${i}`, Body: 'x' }));
  await clients.s3.send(new CreateBucketCommand({ Bucket: mine }));
  await clients.s3.send(new CreateBucketCommand({ Bucket: byHand }));
  for (const name of ['/cloudlab/ana/02/a', '/cloudlab/ana/02/deep/b', '/cloudlab/bob/03/c', '/not-ours/d']) {
    await clients.ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String' }));
  }
  return { anaBucket, bobBucket, mine, byHand };
}

const ids = (list: { id: string }[]) => list.map((l) => l.id).sort();

test('finds buckets and parameters under the course prefixes only, confirmed by tags where present', async () => {
  const { anaBucket, bobBucket, byHand } = await leaveBehind();
  const all = await findLeftovers(clients);
  expect(ids(all)).toEqual(
    [
      anaBucket,
      bobBucket,
      byHand,
      '/cloudlab/ana/02/a',
      '/cloudlab/ana/02/deep/b',
      '/cloudlab/bob/03/c',
    ].sort(),
  );
  expect(all.find((l) => l.id === anaBucket)?.matchedBy).toBe('name+tags');
  expect(all.find((l) => l.id === byHand)?.matchedBy).toBe('name');
});

test('--lab and the learner narrow the search', async () => {
  const { anaBucket, byHand } = await leaveBehind();
  expect(ids(await findLeftovers(clients, { lab: '02' }))).toEqual(
    [anaBucket, byHand, '/cloudlab/ana/02/a', '/cloudlab/ana/02/deep/b'].sort(),
  );
  expect(ids(await findLeftovers(clients, { learner: 'ana', lab: '02' }))).toEqual(
    [anaBucket, '/cloudlab/ana/02/a', '/cloudlab/ana/02/deep/b'].sort(),
  );
});

test('a dry run deletes nothing; a real run deletes non-empty buckets and the parameters', async () => {
  const { mine } = await leaveBehind();
  const leftovers = await findLeftovers(clients, { learner: 'ana' });
  const dry = await deleteLeftovers(clients, leftovers, { dryRun: true });
  expect(dry.every((o) => !o.deleted)).toBe(true);
  expect(ids(await findLeftovers(clients, { learner: 'ana' }))).toEqual(ids(leftovers));

  const outcomes = await deleteLeftovers(clients, leftovers);
  expect(outcomes.filter((o) => !o.deleted)).toEqual([]);
  expect(await findLeftovers(clients, { learner: 'ana' })).toEqual([]);
  const buckets = (await clients.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
  expect(buckets).toContain(mine);
  const notOurs = await clients.ssm.send(new GetParametersByPathCommand({ Path: '/not-ours' }));
  expect(notOurs.Parameters?.map((p) => p.Name)).toEqual(['/not-ours/d']);
});

test('finds CloudFormation stacks named cloudlab-<learner>-… and deletes them, leaving other stacks alone', async () => {
  const template = JSON.stringify({
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
        },
      },
    },
  });
  for (const StackName of ['cloudlab-ana-05-api', 'team-production']) {
    await clients.cloudformation.send(
      new CreateStackCommand({ StackName, TemplateBody: template, Capabilities: ['CAPABILITY_IAM'] }),
    );
  }
  const leftovers = await findLeftovers(
    { cloudformation: clients.cloudformation },
    { learner: 'ana', lab: '05' },
  );
  expect(leftovers).toEqual([{ kind: 'cloudformation-stack', id: 'cloudlab-ana-05-api', matchedBy: 'name' }]);
  expect(await deleteLeftovers(clients, leftovers)).toEqual([expect.objectContaining({ deleted: true })]);
  expect(await findLeftovers({ cloudformation: clients.cloudformation }, { learner: 'ana' })).toEqual([]);
  const stacks = await clients.cloudformation.send(new DescribeStacksCommand({}));
  expect(stacks.Stacks?.map((s) => s.StackName)).toEqual(['team-production']);
});
