import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { type EmulatorHandle, startEmbeddedEmulator, stopEmbeddedEmulator } from '@cloudlab/aws-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeSetReview } from './change-set.ts';
import { deleteStack } from './delete-stack.ts';
import { deployStack, type SamClients } from './deploy-stack.ts';
import { SamError } from './sam-error.ts';

/** mkdtemp makes a folder 0700; the batch's sandbox tests walk this repository as another uid at the same time. */
function readableByAll(dir: string): string {
  chmodSync(dir, 0o755);
  return dir;
}

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api');
let emulator: EmulatorHandle;
let clients: SamClients;
let lambda: LambdaClient;
const BUCKET = 'cloudlab-student-05-sam-test';

beforeAll(async () => {
  emulator = await startEmbeddedEmulator('us-east-1');
  const config = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
    maxAttempts: 1,
  };
  clients = {
    cloudformation: new CloudFormationClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sts: new STSClient(config),
  };
  lambda = new LambdaClient(config);
  const ssm = new SSMClient(config);
  await ssm.send(
    new PutParameterCommand({ Name: '/cloudlab/student/05/greeting', Value: 'hello', Type: 'String' }),
  );
  await ssm.send(
    new PutParameterCommand({ Name: '/cloudlab/other/05/secret', Value: 'not yours', Type: 'String' }),
  );
});
afterAll(() => stopEmbeddedEmulator(emulator));

const functionCount = async () => (await lambda.send(new ListFunctionsCommand({}))).Functions?.length ?? 0;

describe('deployStack and deleteStack on the emulator', () => {
  it('deploys the template, serves the parameter at the output URL, and deletes everything again', async () => {
    const lines: string[] = [];
    const result = await deployStack({
      templatePath: join(FIXTURE, 'template.yaml'),
      stackName: 'cloudlab-student-05-app',
      bucket: BUCKET,
      clients,
      pollMs: 50,
      onProgress: (line) => lines.push(line),
    });
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.url).toMatch(new RegExp(`^${emulator.endpoint}/_api/\\w+$`));
    expect(lines.some((l) => l.includes('CREATE_COMPLETE') && l.includes('ConfigFunction'))).toBe(true);

    const ok = await fetch(`${result.url}/config/greeting`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ name: 'greeting', value: 'hello' });
    expect((await fetch(`${result.url}/config/missing`)).status).toBe(404);

    const processed = JSON.parse(
      (
        await clients.cloudformation.send(
          new GetTemplateCommand({ StackName: result.stackName, TemplateStage: 'Processed' }),
        )
      ).TemplateBody!,
    );
    expect(processed.Resources.ConfigFunction.Properties.Code.S3Bucket).toBe(BUCKET);

    expect(await deleteStack({ stackName: result.stackName, bucket: BUCKET, clients, pollMs: 50 })).toBe(
      true,
    );
    expect(await functionCount()).toBe(0);
    expect((await fetch(`${result.url}/config/greeting`)).status).toBe(404);
    await expect(clients.s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).rejects.toThrow();
  });

  it('deploys through a change set: CREATE shown and confirmed, an unchanged redeploy is empty, a new parameter is an UPDATE', async () => {
    const stackName = 'cloudlab-student-05-changes';
    const templatePath = join(FIXTURE, 'template.yaml');
    const reviewed: ChangeSetReview[] = [];
    const lines: string[] = [];
    const deploy = (parameters: Record<string, string>, answer = true) =>
      deployStack({
        templatePath,
        stackName,
        bucket: BUCKET,
        clients,
        parameters,
        pollMs: 50,
        onProgress: (line) => lines.push(line),
        confirm: async (changeSet) => {
          reviewed.push(changeSet);
          return answer;
        },
      });

    const declined = await deploy({ Learner: 'student' }, false);
    expect(declined).toMatchObject({ executed: false, status: 'NOT_CREATED' });
    // A CREATE change set that is not executed takes its REVIEW_IN_PROGRESS stack with it.
    await expect(
      clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName })),
    ).rejects.toThrow(/does not exist/);

    const created = await deploy({ Learner: 'student' });
    expect(created).toMatchObject({ executed: true, status: 'CREATE_COMPLETE' });
    expect(created.changeSet.type).toBe('CREATE');
    expect(created.changeSet.changes).toContainEqual({
      action: 'Add',
      logicalId: 'ConfigFunction',
      resourceType: 'AWS::Lambda::Function',
      replacement: 'N/A',
    });
    expect(reviewed.at(-1)).toBe(created.changeSet);
    expect(lines).toContainEqual(
      expect.stringMatching(/^Action +LogicalResourceId +ResourceType +Replacement$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^Add +ConfigFunction +AWS::Lambda::Function +N\/A$/));
    const { Summaries } = await clients.cloudformation.send(
      new ListChangeSetsCommand({ StackName: stackName }),
    );
    expect(Summaries?.map((c) => [c.ChangeSetId, c.ExecutionStatus])).toEqual([
      [created.changeSet.id, 'EXECUTE_COMPLETE'],
    ]);

    const asked = reviewed.length;
    const unchanged = await deploy({ Learner: 'student' });
    expect(unchanged).toMatchObject({ executed: false, status: 'CREATE_COMPLETE', url: created.url });
    expect(unchanged.changeSet).toMatchObject({ type: 'UPDATE', empty: true, changes: [] });
    expect(reviewed.length, 'nothing to confirm').toBe(asked);
    expect(lines.at(-1)).toBe(`No changes to deploy: ${stackName} is up to date`);

    const updated = await deploy({ Learner: 'someone-else' });
    expect(updated).toMatchObject({ executed: true, status: 'UPDATE_COMPLETE' });
    expect(updated.changeSet.type).toBe('UPDATE');
    expect(updated.changeSet.changes).toContainEqual(
      expect.objectContaining({ action: 'Modify', logicalId: 'ConfigFunction', replacement: 'False' }),
    );
    const { Stacks } = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    expect(Stacks?.[0]?.Parameters).toEqual([{ ParameterKey: 'Learner', ParameterValue: 'someone-else' }]);

    await deleteStack({ stackName, bucket: BUCKET, clients, pollMs: 50 });
  });

  it('refuses an invalid template before uploading anything, naming the rule and line', async () => {
    const dir = readableByAll(mkdtempSync(join(FIXTURE, '..', '.tmp-deploy-')));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const template = join(dir, 'template.yaml');
      writeFileSync(template, readFileSync(template, 'utf8').replace('nodejs22.x', 'nodejs16.x'));
      const error = await deployStack({
        templatePath: template,
        stackName: 'cloudlab-student-05-bad',
        bucket: BUCKET,
        clients,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SamError);
      expect((error as SamError).message).toMatch(/^line \d+: E2533 Runtime nodejs16\.x /);
      await expect(clients.s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the SAM transform problem itself when CloudFormation refuses the template', async () => {
    const dir = readableByAll(mkdtempSync(join(FIXTURE, '..', '.tmp-deploy-')));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const template = join(dir, 'template.yaml');
      const unknown = readFileSync(template, 'utf8').replace(
        /- SSMParameterReadPolicy:\n\s+ParameterName: .*\n/,
        '- NoSuchTemplatePolicy: {}\n',
      );
      writeFileSync(template, unknown);
      const error = await deployStack({
        templatePath: template,
        stackName: 'cloudlab-student-05-refused',
        bucket: BUCKET,
        clients,
        pollMs: 50,
      }).catch((e: unknown) => e);
      expect((error as SamError).message).toMatch(
        /^CloudFormation refused the template: SAM transform: Resource with id \[ConfigFunction\] is invalid\. Policy template NoSuchTemplatePolicy/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deletes a stack that fails to create, and says which resource failed and why', async () => {
    const dir = readableByAll(mkdtempSync(join(FIXTURE, '..', '.tmp-deploy-')));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const template = join(dir, 'template.yaml');
      // Valid YAML and SAM, but IAM refuses a statement without Resource: the role fails, the stack rolls back.
      const broken = readFileSync(template, 'utf8').replace(
        /- SSMParameterReadPolicy:\n\s+ParameterName: .*\n/,
        '- Statement:\n            - Effect: Allow\n              Action: ssm:GetParameter\n',
      );
      writeFileSync(template, broken);
      const stackName = 'cloudlab-student-05-failing';
      const error = await deployStack({
        templatePath: template,
        stackName,
        bucket: BUCKET,
        clients,
        pollMs: 50,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SamError);
      // The cause comes first, so a report that shows one line cut at its end still has it.
      expect((error as SamError).message).toMatch(
        /^ConfigFunctionRole: .*must contain resources.* \(cloudlab-student-05-failing ended ROLLBACK_COMPLETE/,
      );
      expect((error as SamError).message).not.toContain('cancelled');
      expect((error as SamError).message).toContain('The stack was deleted');
      expect(await deleteStack({ stackName, clients })).toBe(false);
      expect(await functionCount()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
