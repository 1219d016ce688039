import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type EmulatorHandle, startEmbeddedEmulator, stopEmbeddedEmulator } from '@cloudlab/aws-session';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { functionRolePolicies } from './function-role.ts';
import { httpApiEvent } from './http-api-event.ts';
import { localInvoke } from './local-invoke.ts';
import { SamError } from './sam-error.ts';
import { loadTemplate } from './template-file.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api');
const TEMPLATE = join(FIXTURE, 'template.yaml');
let emulator: EmulatorHandle;
let accountId: string;

beforeAll(async () => {
  emulator = await startEmbeddedEmulator('us-east-1');
  const config = { endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials };
  accountId = (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Account!;
  const ssm = new SSMClient(config);
  await ssm.send(
    new PutParameterCommand({ Name: '/cloudlab/student/05/greeting', Value: 'hello', Type: 'String' }),
  );
  await ssm.send(new PutParameterCommand({ Name: '/cloudlab/other/05/secret', Value: 'x', Type: 'String' }));
});
afterAll(() => stopEmbeddedEmulator(emulator));

/** The fixture template with one edit, in a folder of its own; CodeUri still points at the fixture's src/. */
function variant(find: string, replace: string): string {
  const text = readFileSync(TEMPLATE, 'utf8');
  expect(text).toContain(find);
  const dir = mkdtempSync(join(tmpdir(), 'cloudlab-invoke-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'template.yaml');
  writeFileSync(
    path,
    text.replace(find, replace).replace('CodeUri: src/', `CodeUri: ${join(FIXTURE, 'src')}/`),
  );
  return path;
}

/** A local invoke as the grader and `cloudlab invoke` run it: the caller's own keys, the emulator's endpoint. */
const invoke = (
  path: string,
  options: { templatePath?: string; environment?: Record<string, string>; asCaller?: boolean } = {},
) =>
  localInvoke({
    templatePath: options.templatePath ?? TEMPLATE,
    event: httpApiEvent('GET', '/config/{name}', path),
    aws: {
      accountId,
      region: emulator.region,
      endpoint: emulator.endpoint,
      credentials: emulator.credentials,
      ...(options.asCaller ? { asCaller: true } : {}),
    },
    ...(options.environment ? { environment: options.environment } : {}),
  });

/** The fixture's policy as the template writes it. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax, not a JS placeholder
const readPolicy = '- SSMParameterReadPolicy:\n            ParameterName: !Sub cloudlab/${Learner}/05/*';

const errorType = (payload: unknown) => (payload as { errorType?: string }).errorType;

describe('localInvoke', () => {
  it('expands SSMParameterReadPolicy to the parameter path ARN without a double slash', () => {
    const docs = functionRolePolicies(loadTemplate(TEMPLATE).template, 'ConfigFunction', {
      accountId,
      region: 'us-east-1',
    });
    const resources = docs.flatMap((d) => d.Statement).flatMap((s) => [s.Resource ?? []].flat());
    expect(resources).toContain(`arn:aws:ssm:us-east-1:${accountId}:parameter/cloudlab/student/05/*`);
  });

  it('runs the built handler with the template environment and an HTTP API event, with Lambda log lines', async () => {
    const result = await invoke('/config/greeting');
    expect(result.functionError).toBeUndefined();
    expect(result.payload).toMatchObject({ statusCode: 200 });
    expect(JSON.parse((result.payload as { body: string }).body)).toEqual({
      name: 'greeting',
      value: 'hello',
    });
    expect(result.logs).toMatch(/^START RequestId: /);
    expect(result.logs).toMatch(/REPORT RequestId: .*Max Memory Used: \d+ MB/);
  });

  it("runs as the function's role: what the role does not allow is denied, even with the caller's own keys", async () => {
    const result = await invoke('/config/secret', { environment: { CONFIG_PATH: '/cloudlab/other/05' } });
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload).toMatchObject({ errorType: 'AccessDeniedException' });
    expect((result.payload as { errorMessage: string }).errorMessage).toContain(
      'assumed-role/ConfigFunctionRole/local-invoke',
    );
    // asCaller runs it with the caller's keys, as `sam local invoke` does on AWS.
    const asCaller = await invoke('/config/secret', {
      environment: { CONFIG_PATH: '/cloudlab/other/05' },
      asCaller: true,
    });
    expect(asCaller.payload).toMatchObject({ statusCode: 200 });
  });

  it('denies the read when ParameterName starts with a slash (parameter//…), before any deploy', async () => {
    const templatePath = variant('ParameterName: !Sub cloudlab/', 'ParameterName: !Sub /cloudlab/');
    const result = await invoke('/config/greeting', { templatePath });
    expect(errorType(result.payload)).toBe('AccessDeniedException');
  });

  it('denies the read when ParameterName names the Learner parameter without !Sub (a literal text)', async () => {
    const templatePath = variant('ParameterName: !Sub cloudlab/', 'ParameterName: cloudlab/');
    const result = await invoke('/config/greeting', { templatePath });
    expect(errorType(result.payload)).toBe('AccessDeniedException');
  });

  it('grants what a managed policy grants, as on AWS (AmazonSSMReadOnlyAccess reads every parameter)', async () => {
    const templatePath = variant(readPolicy, '- AmazonSSMReadOnlyAccess');
    const result = await invoke('/config/secret', {
      templatePath,
      environment: { CONFIG_PATH: '/cloudlab/other/05' },
    });
    expect(result.payload).toMatchObject({ statusCode: 200 });
  });

  it('names a policy the emulator cannot expand as the template’s error, not an internal one', async () => {
    const templatePath = variant(readPolicy, '- AmazonS3ReadOnlyAccessTypo');
    const failure = await invoke('/config/greeting', { templatePath }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SamError);
    expect((failure as SamError).message).toContain('AmazonS3ReadOnlyAccessTypo');
  });
});
