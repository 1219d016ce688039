import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStack } from './delete-stack.ts';
import { deployStack, type SamClients } from './deploy-stack.ts';
import { SamError } from './sam-error.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api');
let emulator: RunningEmulator;
let clients: SamClients;
let lambda: LambdaClient;
const BUCKET = 'cloudlab-student-05-sam-test';

beforeAll(async () => {
  emulator = await startEmulator();
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
afterAll(() => emulator.stop());

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

  it('refuses an invalid template before uploading anything, naming the rule and line', async () => {
    const dir = mkdtempSync(join(FIXTURE, '..', '.tmp-deploy-'));
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
      expect((error as SamError).message).toMatch(/^line \d+: E2531 Runtime nodejs16\.x /);
      await expect(clients.s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the SAM transform problem itself when CloudFormation refuses the template', async () => {
    const dir = mkdtempSync(join(FIXTURE, '..', '.tmp-deploy-'));
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
    const dir = mkdtempSync(join(FIXTURE, '..', '.tmp-deploy-'));
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
