import { SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll } from 'vitest';
import { onEmulator } from './ssm.ts';

/**
 * Two checks need a Parameter Store that misbehaves: one that throttles, and one where the caller may not use
 * the KMS key. On the emulator target they start a private emulator through its public API
 * (`startEmulator({ throttle })`, and a role policy attached through `runtime.roles`, the hook the emulator
 * offers tests); on any other target a middleware injects the same AWS error instead, so the lab still
 * grades against another endpoint or AWS.
 */
type Emulator = Awaited<ReturnType<typeof import('@cloudlab/emulator')['startEmulator']>>;

const running: Emulator[] = [];
afterAll(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function startPrivate(throttle?: Record<string, number>): Promise<Emulator> {
  const { startEmulator } = await import('@cloudlab/emulator');
  const emulator = await startEmulator({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(throttle ? { throttle } : {}),
  });
  running.push(emulator);
  return emulator;
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function clientFor(emulator: Emulator, credentials: Credentials, maxAttempts: number): SSMClient {
  return new SSMClient({ region: emulator.region, endpoint: emulator.endpoint, credentials, maxAttempts });
}

function awsError(name: string, message: string): SSMServiceException {
  return new SSMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

export interface Rigged {
  /** The client the code under test gets (SDK retries off: only the code under test retries). */
  ssm: SSMClient;
  /** A client that writes what the check reads, with retries on and full permissions. */
  setup: SSMClient;
}

/** Every `1/rate`-th call answered with ThrottlingException (rate 0.5: every second call). */
export async function throttledSsm(rate: number, target: () => SSMClient): Promise<Rigged> {
  if (onEmulator()) {
    const emulator = await startPrivate({ ssm: rate });
    return {
      ssm: clientFor(emulator, emulator.credentials, 1),
      setup: clientFor(emulator, emulator.credentials, 10),
    };
  }
  const ssm = target();
  ssm.config.maxAttempts = async () => 1;
  let n = 0;
  ssm.middlewareStack.add(
    (next) => (args) => {
      n += 1;
      if (Math.floor(n * rate) > Math.floor((n - 1) * rate)) {
        return Promise.reject(awsError('ThrottlingException', 'Rate exceeded'));
      }
      return next(args);
    },
    { step: 'initialize', name: 'cloudlabInjectThrottling' },
  );
  return { ssm, setup: target() };
}

/** A caller allowed every ssm action but not kms:Decrypt, so reading a SecureString decrypted is denied. */
export async function noDecryptSsm(target: () => SSMClient): Promise<Rigged> {
  if (onEmulator()) {
    const emulator = await startPrivate();
    const sts = new STSClient({
      region: emulator.region,
      endpoint: emulator.endpoint,
      credentials: emulator.credentials,
    });
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    const roleArn = `arn:aws:iam::${Account}:role/cloudlab-03-no-decrypt`;
    emulator.runtime.roles.setPolicies(roleArn, [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }] },
    ]);
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'lab03-no-decrypt' }),
    );
    const role = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    };
    return { ssm: clientFor(emulator, role, 1), setup: clientFor(emulator, emulator.credentials, 3) };
  }
  const ssm = target();
  ssm.middlewareStack.add(
    (next, context) => (args) => {
      const input = args.input as { WithDecryption?: boolean; Name?: string };
      if (context.commandName === 'GetParameterCommand' && input.WithDecryption) {
        return Promise.reject(
          awsError(
            'AccessDeniedException',
            `User is not authorized to perform: kms:Decrypt because no identity-based policy allows the kms:Decrypt action`,
          ),
        );
      }
      return next(args);
    },
    { step: 'initialize', name: 'cloudlabInjectAccessDenied' },
  );
  return { ssm, setup: target() };
}
