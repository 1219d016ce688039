/** The kinds of caller STS GetCallerIdentity can return. */
export type PrincipalType = 'root' | 'iam-user' | 'assumed-role' | 'federated-user' | 'unknown';

export interface PrincipalInfo {
  type: PrincipalType;
  partition: string;
  account: string;
  /** User name, role name or federated user name; "root" for the account root. */
  name: string;
  /** The role session name of an assumed role (often the person's name or an instance id). */
  sessionName?: string;
}

/**
 * Parses the ARN shapes GetCallerIdentity returns, per the IAM identifiers reference:
 * arn:PARTITION:iam::ACCOUNT:root, arn:PARTITION:iam::ACCOUNT:user/PATH/NAME,
 * arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION, arn:PARTITION:sts::ACCOUNT:federated-user/NAME.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */
export function parsePrincipalArn(arn: string): PrincipalInfo {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return { type: 'unknown', partition: '', account: '', name: arn };
  }
  const [, partition = '', service, , account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (service === 'iam' && resource === 'root') return { type: 'root', partition, account, name: 'root' };
  if (service === 'iam' && resource.startsWith('user/')) {
    return { type: 'iam-user', partition, account, name: resource.split('/').at(-1) ?? '' };
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, role = '', ...session] = resource.split('/');
    return { type: 'assumed-role', partition, account, name: role, sessionName: session.join('/') };
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) {
    return { type: 'federated-user', partition, account, name: resource.slice('federated-user/'.length) };
  }
  return { type: 'unknown', partition, account, name: resource };
}
