// The SDK clients load on first use: every lab test file imports this package, and only a live run's
// preflight needs IAM or CloudFormation (about a second of imports per test file otherwise).
const sts = () => import('@aws-sdk/client-sts');

import type { ClientConstructor } from './client-config.ts';

/**
 * Before a live-AWS run: who am I, in which region, and may I do what this lab declares in
 * `lab.ts` → aws.permissions? Uses iam:SimulatePrincipalPolicy when the caller may call it; otherwise
 * probes with harmless read calls, and says plainly which actions it could not verify.
 */

export interface ClientFactory {
  client<T>(ctor: ClientConstructor<T>): T;
  readonly region: string;
}

export type PermissionVerdict = 'allowed' | 'denied' | 'unverified';

export interface PermissionCheck {
  action: string;
  verdict: PermissionVerdict;
  via: 'simulate' | 'probe' | 'none';
}

export interface PreflightReport {
  ok: boolean;
  identity?: { account: string; arn: string };
  region?: string;
  permissions: PermissionCheck[];
  missing: string[];
  /** One line each: what is wrong or unverified, and what to do. */
  problems: string[];
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
]);

/** The IAM ARN that SimulatePrincipalPolicy wants: a role's ARN for an assumed-role session. */
export function policySourceArn(callerArn: string): string | undefined {
  const role = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (role) return `arn:${role[1]}:iam::${role[2]}:role/${role[3]}`;
  if (/^arn:aws[a-z-]*:iam::\d{12}:(user|role)\//.test(callerArn)) return callerArn;
  return undefined; // root (allowed everything) and federated users cannot be simulated
}

/** Harmless read calls that need exactly the named action; write actions have none and stay unverified. */
const PROBES: Record<string, (f: ClientFactory) => Promise<unknown>> = {
  'sts:getcalleridentity': async (f) => {
    const { STSClient, GetCallerIdentityCommand } = await sts();
    return f.client(STSClient).send(new GetCallerIdentityCommand({}));
  },
  's3:listallmybuckets': async (f) => {
    const { S3Client, ListBucketsCommand } = await import('@aws-sdk/client-s3');
    return f.client(S3Client).send(new ListBucketsCommand({}));
  },
  'ssm:describeparameters': async (f) => {
    const { SSMClient, DescribeParametersCommand } = await import('@aws-sdk/client-ssm');
    return f.client(SSMClient).send(new DescribeParametersCommand({ MaxResults: 1 }));
  },
  'cloudformation:describestacks': async (f) => {
    const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    return f.client(CloudFormationClient).send(new DescribeStacksCommand({}));
  },
};

async function simulate(
  factory: ClientFactory,
  sourceArn: string,
  actions: string[],
): Promise<PermissionCheck[]> {
  const { IAMClient, SimulatePrincipalPolicyCommand } = await import('@aws-sdk/client-iam');
  const answer = await factory
    .client(IAMClient)
    .send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: sourceArn, ActionNames: actions }));
  return actions.map((action) => {
    const result = answer.EvaluationResults?.find(
      (r) => r.EvalActionName?.toLowerCase() === action.toLowerCase(),
    );
    return { action, verdict: result?.EvalDecision === 'allowed' ? 'allowed' : 'denied', via: 'simulate' };
  });
}

async function probe(factory: ClientFactory, action: string): Promise<PermissionCheck> {
  const call = PROBES[action.toLowerCase()];
  if (!call) return { action, verdict: 'unverified', via: 'none' };
  try {
    await call(factory);
    return { action, verdict: 'allowed', via: 'probe' };
  } catch (error) {
    // Any answer other than a refusal means the request got past authorization.
    return { action, verdict: DENIED.has((error as Error).name) ? 'denied' : 'allowed', via: 'probe' };
  }
}

export async function preflight(factory: ClientFactory, permissions: string[]): Promise<PreflightReport> {
  const problems: string[] = [];
  let region: string | undefined;
  try {
    region = factory.region;
  } catch (error) {
    problems.push((error as Error).message);
  }
  let identity: PreflightReport['identity'];
  try {
    const { STSClient, GetCallerIdentityCommand } = await sts();
    const answer = await factory.client(STSClient).send(new GetCallerIdentityCommand({}));
    identity = { account: answer.Account ?? '', arn: answer.Arn ?? '' };
  } catch (error) {
    problems.push(
      `${(error as Error).name}: no working credentials (${(error as Error).message}) — run \`cloudlab doctor\` to see where credentials are looked for`,
    );
    return { ok: false, ...(region ? { region } : {}), permissions: [], missing: [], problems };
  }

  let checks: PermissionCheck[] | undefined;
  const sourceArn = policySourceArn(identity.arn);
  if (sourceArn && permissions.length > 0) {
    try {
      checks = await simulate(factory, sourceArn, permissions);
    } catch {
      // Callers often may not simulate their own policies (or the endpoint has no IAM): probe instead.
      checks = undefined;
    }
  }
  checks ??= await Promise.all(permissions.map((action) => probe(factory, action)));

  const missing = checks.filter((c) => c.verdict === 'denied').map((c) => c.action);
  const unverified = checks.filter((c) => c.verdict === 'unverified').map((c) => c.action);
  if (missing.length > 0) {
    problems.push(
      `AccessDenied: ${identity.arn} lacks ${missing.join(', ')} — attach a policy that allows them (see the lab's README, "On real AWS")`,
    );
  }
  if (unverified.length > 0) {
    problems.push(
      `could not verify ${unverified.join(', ')} without iam:SimulatePrincipalPolicy — the run will tell if they are missing`,
    );
  }
  return {
    ok: missing.length === 0 && region !== undefined,
    identity,
    ...(region ? { region } : {}),
    permissions: checks,
    missing,
    problems,
  };
}
