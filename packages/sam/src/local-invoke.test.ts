import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionRolePolicies } from './function-role.ts';
import { httpApiEvent } from './http-api-event.ts';
import { localInvoke } from './local-invoke.ts';
import { loadTemplate } from './template-file.ts';

const TEMPLATE = join(import.meta.dirname, '..', 'fixtures', 'config-api', 'template.yaml');
let emulator: RunningEmulator;
let accountId: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const config = { endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials };
  accountId = (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Account!;
  const ssm = new SSMClient(config);
  await ssm.send(
    new PutParameterCommand({ Name: '/cloudlab/student/05/greeting', Value: 'hello', Type: 'String' }),
  );
  await ssm.send(new PutParameterCommand({ Name: '/cloudlab/other/05/secret', Value: 'x', Type: 'String' }));
});
afterAll(() => emulator.stop());

/** Credentials as the deployed function would have them: bound by the policies SAM gives its role. */
function roleCredentials() {
  const scope = { accountId, region: emulator.region };
  const policies = functionRolePolicies(loadTemplate(TEMPLATE).template, 'ConfigFunction', scope);
  return emulator.runtime.issueCredentials(
    {
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/local/ConfigFunction`,
      userId: 'AROALOCAL:ConfigFunction',
      type: 'assumed-role',
      policies,
    },
    900,
  );
}

const invoke = (path: string, environment?: Record<string, string>) =>
  localInvoke({
    templatePath: TEMPLATE,
    event: httpApiEvent('GET', '/config/{name}', path),
    aws: { accountId, region: emulator.region, endpoint: emulator.endpoint, credentials: roleCredentials() },
    ...(environment ? { environment } : {}),
  });

describe('localInvoke', () => {
  it('expands SSMParameterReadPolicy to the parameter path ARN without a double slash', () => {
    const [doc] = functionRolePolicies(loadTemplate(TEMPLATE).template, 'ConfigFunction', {
      accountId,
      region: 'us-east-1',
    });
    expect(doc?.Statement[1]?.Resource).toBe(
      `arn:aws:ssm:us-east-1:${accountId}:parameter/cloudlab/student/05/*`,
    );
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

  it('denies what the role does not allow, as the deployed function would be', async () => {
    const result = await invoke('/config/secret', { CONFIG_PATH: '/cloudlab/other/05' });
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload).toMatchObject({ errorType: 'AccessDeniedException' });
  });
});
