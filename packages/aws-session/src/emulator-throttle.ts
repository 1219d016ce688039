import type { AwsCredentialIdentity } from '@smithy/types';
import { callEmulator, type EmulatorCaller } from './emulator-call.ts';
import type { Session } from './session.ts';
import { SessionError } from './session-error.ts';

export type { EmulatorCaller } from './emulator-call.ts';

/** Where the emulator's own settings are asked for: its SigV4 signing name and X-Amz-Target prefix. */
const ADMIN_SERVICE = 'cloudlab';
const ADMIN_TARGET = 'CloudlabAdmin';

/**
 * Asks the cloudlab emulator at `endpoint` to answer that share of the caller's own requests (signed with
 * `credentials.accessKeyId`) to each service with the service's throttling error, e.g. `{ ssm: 0.5 }`;
 * `{}` stops it. The request is signed like an AWS call, so it can only throttle the key that signs it.
 * No AWS API does this: on other targets, inject ThrottlingException with a client middleware instead.
 */
export async function setEmulatorThrottle(
  caller: EmulatorCaller,
  rates: Record<string, number>,
): Promise<void> {
  await callEmulator(caller, {
    service: ADMIN_SERVICE,
    path: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${ADMIN_TARGET}.SetThrottle`,
    },
    body: JSON.stringify({ Rates: rates }),
    what: 'the throttle setting',
    elsewhere: 'elsewhere, inject ThrottlingException with a client middleware',
  });
}

/**
 * Fresh STS session credentials (GetSessionToken) whose requests the emulator throttles at `rates`, so one
 * check can meet ThrottlingException while every other key of the account — the rest of the suite — is
 * left alone. Target emulator only (embedded, or `cloudlab emulator` at an endpoint).
 */
export async function throttledCredentials(
  session: Session,
  rates: Record<string, number>,
): Promise<AwsCredentialIdentity> {
  const endpoint = await session.endpoint();
  if (session.target !== 'emulator' || !endpoint) {
    throw new SessionError(
      'ThrottleUnsupported',
      `target ${session.target} cannot be asked to throttle — inject ThrottlingException with a client middleware there`,
    );
  }
  const { GetSessionTokenCommand, STSClient } = await import('@aws-sdk/client-sts');
  const sts = session.client(STSClient);
  const { Credentials } = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
    throw new SessionError(
      'InvalidResponse',
      'GetSessionToken returned no credentials — is the endpoint a cloudlab emulator?',
    );
  }
  const credentials: AwsCredentialIdentity = {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
    ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
  };
  await setEmulatorThrottle({ endpoint, region: session.region, credentials }, rates);
  return credentials;
}
