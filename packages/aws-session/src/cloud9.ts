import { existsSync } from 'node:fs';

/**
 * Detecting an AWS Cloud9 environment. The rule (documented in README.md and docs/cloud9.md):
 * - Cloud9 is detected when the environment carries any of the variables its IDE terminals export
 *   (C9_HOSTNAME, C9_USER, C9_PROJECT, C9_PID, C9_PORT, C9_SH_EXECUTED), or when the EC2 instance's workspace
 *   folder exists (/home/ec2-user/environment on Amazon Linux, /home/ubuntu/environment on Ubuntu).
 * - Its "AWS managed temporary credentials" are recognised when Cloud9 is detected and the SDK took the
 *   credentials from the [default] profile of the shared credentials file with an aws_session_token:
 *   that is where Cloud9 writes them, refreshing them about every 5 minutes.
 * https://docs.aws.amazon.com/cloud9/latest/user-guide/how-cloud9-with-iam.html#auth-and-access-control-temporary-managed-credentials
 */
export const CLOUD9_ENV_MARKERS = [
  'C9_HOSTNAME',
  'C9_USER',
  'C9_PROJECT',
  'C9_PID',
  'C9_PORT',
  'C9_SH_EXECUTED',
] as const;
export const CLOUD9_WORKSPACES = ['/home/ec2-user/environment', '/home/ubuntu/environment'] as const;

export interface Cloud9Detection {
  detected: boolean;
  /** What gave it away, e.g. ["C9_USER", "/home/ec2-user/environment"]. */
  markers: string[];
}

export function detectCloud9(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): Cloud9Detection {
  const markers: string[] = CLOUD9_ENV_MARKERS.filter((name) => Boolean(env[name]));
  for (const folder of CLOUD9_WORKSPACES) if (exists(folder)) markers.push(folder);
  return { detected: markers.length > 0, markers };
}

/** What managed temporary credentials cannot do, and the fix — shown by `cloudlab doctor`. */
export const CLOUD9_MANAGED_CREDENTIALS_ADVICE =
  'Cloud9 managed temporary credentials cannot call most IAM actions or STS calls such as AssumeRole and ' +
  'GetSessionToken — for live-AWS labs attach an instance role to the Cloud9 EC2 instance and turn off ' +
  '"AWS managed temporary credentials" (Preferences → AWS Settings → Credentials)';
