import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ClientConstructor, SessionClientConfig } from './client-config.ts';
import { type ClientFactory, policySourceArn, preflight } from './preflight.ts';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

function factoryFor(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): ClientFactory {
  const config: SessionClientConfig = {
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: async () => credentials,
    forcePathStyle: true,
    maxAttempts: 1,
    retryMode: 'standard',
    customUserAgent: 'cloudlab-test',
  };
  return { region: emulator.region, client: <T>(ctor: ClientConstructor<T>) => new ctor(config) };
}

test('policySourceArn turns an assumed-role session into its role and leaves users alone', () => {
  expect(policySourceArn('arn:aws:sts::123456789012:assumed-role/Lab/session-1')).toBe(
    'arn:aws:iam::123456789012:role/Lab',
  );
  expect(policySourceArn('arn:aws:iam::123456789012:user/dev/ana')).toBe(
    'arn:aws:iam::123456789012:user/dev/ana',
  );
  expect(policySourceArn('arn:aws:iam::123456789012:root')).toBeUndefined();
});

test('with working keys and no IAM to simulate with, read permissions are probed and write ones reported unverified', async () => {
  const report = await preflight(factoryFor(emulator.credentials), [
    'sts:GetCallerIdentity',
    'ssm:DescribeParameters',
    'ssm:PutParameter',
  ]);
  expect(report.identity?.account).toMatch(/^\d{12}$/);
  expect(report.region).toBe(emulator.region);
  expect(report.permissions).toEqual([
    { action: 'sts:GetCallerIdentity', verdict: 'allowed', via: 'probe' },
    { action: 'ssm:DescribeParameters', verdict: 'allowed', via: 'probe' },
    { action: 'ssm:PutParameter', verdict: 'unverified', via: 'none' },
  ]);
  expect(report.ok).toBe(true);
  expect(report.problems.join('\n')).toMatch(/could not verify ssm:PutParameter/);
});

test('keys the endpoint does not know fail the preflight with the AWS code and what to do', async () => {
  const report = await preflight(
    factoryFor({ accessKeyId: `AKIA${'Q'.repeat(16)}`, secretAccessKey: 'x'.repeat(40) }),
    ['ssm:DescribeParameters'],
  );
  expect(report.ok).toBe(false);
  expect(report.problems[0]).toMatch(/^InvalidClientTokenId: .*cloudlab doctor/);
});

test('when iam:SimulatePrincipalPolicy answers, its decisions name the missing permissions', async () => {
  const iam = mockClient(IAMClient);
  iam.on(SimulatePrincipalPolicyCommand).resolves({
    EvaluationResults: [
      { EvalActionName: 's3:PutObject', EvalDecision: 'allowed' },
      { EvalActionName: 's3:DeleteBucket', EvalDecision: 'implicitDeny' },
    ],
  });
  try {
    const report = await preflight(factoryFor(emulator.credentials), ['s3:PutObject', 's3:DeleteBucket']);
    expect(iam.commandCalls(SimulatePrincipalPolicyCommand)[0]?.args[0].input).toMatchObject({
      PolicySourceArn: report.identity?.arn.startsWith('arn:aws:iam::')
        ? report.identity.arn
        : expect.any(String),
      ActionNames: ['s3:PutObject', 's3:DeleteBucket'],
    });
    expect(report.missing).toEqual(['s3:DeleteBucket']);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/^AccessDenied: .* lacks s3:DeleteBucket/);
  } finally {
    iam.restore();
  }
});
