import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createSession } from '@cloudlab/aws-session/session';

export type PrincipalKind =
  | 'root'
  | 'iam-user'
  | 'assumed-role'
  | 'instance-role'
  | 'federated-user'
  | 'cloud9-managed';

export interface Identity {
  account: string;
  arn: string;
  kind: PrincipalKind;
  /** The user, role or federated user name from the ARN ("root" for the root user). */
  name: string;
  /** True when the caller signs with temporary credentials (a session token). */
  temporary: boolean;
}

export interface ClassifyInput {
  arn: string;
  /** Whether the caller's credentials carry a session token. */
  temporary: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads the principal type from the caller ARN, the way IAM writes them:
 * arn:aws:iam::123456789012:root, …:user/path/name, arn:aws:sts::123456789012:assumed-role/Role/session,
 * …:federated-user/name. An EC2 instance profile's session name is the instance id (i-0abc…), and
 * Cloud9's managed temporary credentials are temporary keys used from a Cloud9 terminal (C9_* variables).
 */
export function classifyPrincipal({ arn, temporary, env = process.env }: ClassifyInput): {
  kind: PrincipalKind;
  name: string;
} {
  // BEGIN SOLUTION 3
  const match = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(.+)$/.exec(arn);
  if (!match) throw new Error(`Not an IAM or STS principal ARN: ${arn}`);
  const resource = match[2] ?? '';
  const inCloud9 = Object.keys(env).some((name) => name.startsWith('C9_'));
  if (resource === 'root') return { kind: 'root', name: 'root' };
  if (resource.startsWith('user/')) {
    const name = resource.split('/').at(-1) ?? '';
    return { kind: temporary && inCloud9 ? 'cloud9-managed' : 'iam-user', name };
  }
  if (resource.startsWith('assumed-role/')) {
    const [, role = '', session = ''] = resource.split('/');
    if (/^i-[0-9a-f]{8,17}$/.test(session)) return { kind: 'instance-role', name: role };
    return { kind: 'assumed-role', name: role };
  }
  if (resource.startsWith('federated-user/'))
    return { kind: 'federated-user', name: resource.slice('federated-user/'.length) };
  throw new Error(`Unknown principal in ARN: ${arn}`);
  // END SOLUTION
}

/** Calls STS GetCallerIdentity and classifies the answer. Works for any credentials, even with no IAM permissions. */
export async function whoami(
  sts: STSClient = createSession().client(STSClient),
  env: NodeJS.ProcessEnv = process.env,
): Promise<Identity> {
  // BEGIN SOLUTION 3
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const credentials = await sts.config.credentials();
  const arn = identity.Arn ?? '';
  const { kind, name } = classifyPrincipal({ arn, temporary: Boolean(credentials.sessionToken), env });
  return { account: identity.Account ?? '', arn, kind, name, temporary: Boolean(credentials.sessionToken) };
  // END SOLUTION
}

/** What each kind of principal cannot do, for the chapter's "why an instance role" discussion. */
export function limitsOf(kind: PrincipalKind): string[] {
  // BEGIN SOLUTION 3
  switch (kind) {
    case 'cloud9-managed':
      return [
        'most IAM calls (iam:*) are refused',
        'STS calls that mint credentials (AssumeRole, GetSessionToken, GetFederationToken) are refused',
        'fix: attach an instance role to the Cloud9 EC2 instance and turn managed temporary credentials off',
      ];
    case 'root':
      return ['do not use the root user for labs: create an IAM user or role with only the lab permissions'];
    case 'instance-role':
    case 'assumed-role':
    case 'federated-user':
      return ['credentials expire: the SDK refreshes them from their source before they do'];
    case 'iam-user':
      return ['long-term keys: keep them out of code and rotate them'];
  }
  // END SOLUTION
}
