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
  throw new Error('TODO(3): Who am I? Classify the principal — see README.md, exercise 3');
}

/** Calls STS GetCallerIdentity and classifies the answer. Works for any credentials, even with no IAM permissions. */
export async function whoami(
  sts: STSClient = createSession().client(STSClient),
  env: NodeJS.ProcessEnv = process.env,
): Promise<Identity> {
  throw new Error('TODO(3): Who am I? Classify the principal — see README.md, exercise 3');
}

/** What each kind of principal cannot do, for the chapter's "why an instance role" discussion. */
export function limitsOf(kind: PrincipalKind): string[] {
  throw new Error('TODO(3): Who am I? Classify the principal — see README.md, exercise 3');
}
