import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './index.ts';

const folder = mkdtempSync(join(tmpdir(), 'cloudlab-tls-'));
const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const emulator of running) await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function start(tlsDir?: string) {
  const emulator = await startEmulator(tlsDir ? { tlsDir } : {});
  running.push(emulator);
  const httpsAgent = emulator.caBundle ? new Agent({ ca: readFileSync(emulator.caBundle) }) : undefined;
  const config = (credentials: STSClient['config']['credentials'] | object = emulator.credentials) => ({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: credentials as { accessKeyId: string; secretAccessKey: string },
    maxAttempts: 1,
    ...(httpsAgent ? { requestHandler: { httpsAgent } } : {}),
  });
  return { emulator, config };
}

/** A role session whose policy denies everything sent without TLS: the classic aws:SecureTransport guard. */
async function tlsOnlySession(setup: Awaited<ReturnType<typeof start>>): Promise<SSMClient> {
  const { config } = setup;
  const sts = new STSClient(config());
  const account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
  await new SSMClient(config()).send(new PutParameterCommand({ Name: '/tls/p', Value: 'v', Type: 'String' }));
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/app`,
      RoleSessionName: 'tls',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' },
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    }),
  );
  return new SSMClient(
    config({
      accessKeyId: Credentials?.AccessKeyId,
      secretAccessKey: Credentials?.SecretAccessKey,
      sessionToken: Credentials?.SessionToken,
    }),
  );
}

describe('the emulator over TLS (tlsDir / --tls)', { timeout: 30_000 }, () => {
  it('serves HTTPS with a certificate its own CA signed for the loopback names, and keeps the CA', async () => {
    const { emulator } = await start(join(folder, 'a'));
    expect(emulator.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(emulator.caBundle!, 'utf8');
    const again = await start(join(folder, 'a'));
    expect(readFileSync(again.emulator.caBundle!, 'utf8')).toBe(ca);
  });

  it('sees aws:SecureTransport true over TLS and false over plain HTTP, as IAM does', async () => {
    const overTls = await tlsOnlySession(await start(join(folder, 'b')));
    expect((await overTls.send(new GetParameterCommand({ Name: '/tls/p' }))).Parameter?.Value).toBe('v');
    const overHttp = await tlsOnlySession(await start());
    await expect(overHttp.send(new GetParameterCommand({ Name: '/tls/p' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });
});
