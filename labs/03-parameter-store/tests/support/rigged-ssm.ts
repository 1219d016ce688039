import {
  DeleteParameterCommand,
  PutParameterCommand,
  type SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createSession, labResourceContext, throttledCredentials } from '@cloudlab/aws-session';
import { onEmulator, testSsm } from './ssm.ts';

/**
 * Parameter Stores that misbehave on purpose, for the checks of throttling retries and of a decryption the
 * caller may not do. On the emulator they are real: a throttled STS session (asked for through
 * @cloudlab/aws-session) and an AssumeRole session policy that denies kms:Decrypt, as on AWS. Where the
 * target cannot do that (another endpoint: moto enforces no IAM and cannot be asked to throttle), a client
 * middleware injects the same AWS error instead, so the lab still grades there.
 */

export interface Rigged {
  /** The client the code under test gets (SDK retries off: only the code under test retries). */
  ssm: SSMClient;
  /** A client that writes what the check reads, with full permissions and never throttled. */
  setup: SSMClient;
}

function awsError(name: string, message: string): SSMServiceException {
  return new SSMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

/** Every `1/rate`-th call answered with ThrottlingException (rate 0.5: every second call). */
export async function throttledSsm(rate: number): Promise<Rigged> {
  if (onEmulator()) {
    const credentials = await throttledCredentials(createSession(), { ssm: rate });
    return { ssm: testSsm({ credentials, maxAttempts: 1 }), setup: testSsm() };
  }
  const ssm = testSsm({ maxAttempts: 1 });
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
  return { ssm, setup: testSsm() };
}

/** Allows every SSM action and denies kms:Decrypt: a session policy narrows the role to this. */
const NO_DECRYPT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'ssm:*', Resource: '*' },
    { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
  ],
});

/** A caller allowed every ssm action but not kms:Decrypt, so reading a SecureString decrypted is denied. */
export function noDecryptSsm(): Promise<Rigged> {
  return narrowedSsm('no-decrypt', NO_DECRYPT_POLICY, {
    refuses: (commandName, input) =>
      commandName === 'GetParameterCommand' &&
      (input as { WithDecryption?: boolean }).WithDecryption === true,
    message: 'User is not authorized to perform: kms:Decrypt with an explicit deny in a session policy',
  });
}

/** A caller allowed every ssm action but `ssm:<action>`, which an explicit deny in its session policy refuses. */
export function denyingSsm(action: string): Promise<Rigged> {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ssm:*', Resource: '*' },
      { Effect: 'Deny', Action: `ssm:${action}`, Resource: '*' },
    ],
  });
  return narrowedSsm(`deny-${action.toLowerCase()}`, policy, {
    refuses: (commandName) => commandName === `${action}Command`,
    message: `User is not authorized to perform: ssm:${action} with an explicit deny in a session policy`,
  });
}

/**
 * On the emulator, a role session narrowed by `policy` (the emulator has no IAM: any role of the caller's
 * own account can be assumed, and the session policy is enforced as on AWS). Elsewhere a middleware answers
 * the calls the policy would refuse with AccessDeniedException.
 */
async function narrowedSsm(
  purpose: string,
  policy: string,
  injected: { refuses: (commandName: string, input: unknown) => boolean; message: string },
): Promise<Rigged> {
  if (onEmulator()) {
    const endpoint = process.env.AWS_ENDPOINT_URL;
    const sts = new STSClient({
      region: process.env.AWS_REGION ?? 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
    });
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    const { learner } = labResourceContext('03');
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${Account}:role/cloudlab-${learner}-03-${purpose}`,
        RoleSessionName: `lab03-${purpose}`,
        Policy: policy,
      }),
    );
    const credentials = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    };
    return { ssm: testSsm({ credentials, maxAttempts: 1 }), setup: testSsm() };
  }
  const ssm = testSsm();
  ssm.middlewareStack.add(
    (next, context) => (args) => {
      if (injected.refuses(context.commandName ?? '', args.input)) {
        return Promise.reject(awsError('AccessDeniedException', injected.message));
      }
      return next(args);
    },
    { step: 'initialize', name: 'cloudlabInjectAccessDenied' },
  );
  return { ssm, setup: testSsm() };
}

/**
 * The client a check of Parameter Store's validation hands the code under test, for one PutParameter that
 * AWS refuses with `refusal`. Where the target refuses it as well (AWS, the emulator), that is the target's
 * own client; where it accepts it (moto checks neither characters, levels nor value sizes), a middleware
 * answers that one call with AWS's error, so the check grades the code's error handling, not the endpoint.
 */
export async function refusingPut(
  Name: string,
  Value: string,
  refusal: { code: string; message: string },
): Promise<SSMClient> {
  const ssm = testSsm();
  const accepted = await ssm
    .send(new PutParameterCommand({ Name, Value, Type: 'String', Overwrite: true }))
    .then(
      () => true,
      () => false,
    );
  if (!accepted) return ssm;
  await ssm.send(new DeleteParameterCommand({ Name }));
  ssm.middlewareStack.add(
    (next, context) => (args) => {
      const input = args.input as { Name?: string };
      if (context.commandName !== 'PutParameterCommand' || input.Name !== Name) return next(args);
      return Promise.reject(awsError(refusal.code, refusal.message));
    },
    { step: 'initialize', name: 'cloudlabInjectValidation' },
  );
  return ssm;
}
