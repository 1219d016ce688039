import { join } from 'node:path';
import { accessDenied } from './core/auth-errors.ts';
import type { CredentialStore } from './core/credential-store.ts';
import { IngressLedger } from './core/ingress-ledger.ts';
import type { ConditionContext } from './core/policy-conditions.ts';
import { evaluatePolicies } from './core/policy-evaluator.ts';
import { RequestBudget } from './core/request-budget.ts';
import { InMemoryRoleRegistry } from './core/role-registry.ts';
import { Throttle } from './core/throttle.ts';
import type {
  EmulatorOptions,
  EmulatorRuntime,
  IssuedCredentials,
  ObjectSeeder,
  Principal,
  RequestContext,
  WireProtocol,
} from './core/types.ts';

/** What every service may ask of the emulator: storage, identity, authorisation, time. */
export class Runtime implements EmulatorRuntime {
  endpoint = '';
  readonly roles = new InMemoryRoleRegistry();
  objectSeeder: ObjectSeeder | undefined;
  /** Wire protocol per signing name, filled in as services register. */
  readonly protocols = new Map<string, WireProtocol>();

  /** The protocol a signing name's errors are written in; JSON for a service the emulator does not serve. */
  protocolOf(signingName: string): WireProtocol {
    return this.protocols.get(signingName) ?? 'json';
  }
  private readonly throttle: Throttle;
  /** Each account's requests against options.accountLimits.requests. */
  readonly requestBudget: RequestBudget;
  /** Each account's bytes brought in against options.accountLimits.ingressBytes. */
  readonly ingress: IngressLedger;

  constructor(
    readonly options: EmulatorOptions,
    readonly credentials: CredentialStore,
  ) {
    this.throttle = new Throttle(options.throttle);
    this.requestBudget = new RequestBudget(options.accountLimits?.requests);
    this.ingress = new IngressLedger(options.accountLimits?.ingressBytes);
  }

  now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  dataDirFor(service: string): string | undefined {
    if (!this.options.dataDir) return undefined;
    // Service names become folder names: refuse anything that could climb out of dataDir.
    if (!/^[a-z0-9][a-z0-9-]*$/.test(service)) throw new Error(`Invalid service folder name "${service}"`);
    return join(this.options.dataDir, service);
  }

  authorize(ctx: RequestContext, action: string, resource: string, keys?: Record<string, string>): void {
    const { policies, sessionPolicy, arn } = ctx.principal;
    if (policies === undefined && sessionPolicy === undefined) return; // the learner's own keys
    // Identity policies and a session policy are intersected: each must allow, any explicit Deny wins.
    const context = conditionContext(ctx, this.now());
    for (const [key, value] of Object.entries(keys ?? {})) context[key.toLowerCase()] = value;
    const decisions = [
      policies === undefined ? 'allow' : evaluatePolicies(policies, action, resource, context),
      sessionPolicy === undefined ? 'allow' : evaluatePolicies([sessionPolicy], action, resource, context),
    ];
    if (decisions.every((decision) => decision === 'allow')) return;
    const reason =
      decisions[0] === 'explicit-deny'
        ? 'with an explicit deny in an identity-based policy'
        : decisions[1] === 'explicit-deny'
          ? 'with an explicit deny in a session policy'
          : decisions[0] === 'allow'
            ? 'because no session policy allows the ' + action + ' action'
            : `because no identity-based policy allows the ${action} action`;
    const protocol = this.protocolOf(ctx.signing.service);
    throw accessDenied(
      protocol,
      `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`,
    );
  }

  shouldThrottle(service: string, accessKeyId?: string): boolean {
    return this.throttle.shouldThrottle(service, accessKeyId);
  }

  setThrottle(accessKeyId: string, rates: Record<string, number>): void {
    this.throttle.setKeyRates(accessKeyId, rates);
  }

  issueCredentials(principal: Omit<Principal, 'accessKeyId'>, ttlSeconds: number): IssuedCredentials {
    return this.credentials.issue(principal, ttlSeconds);
  }
}

const PRINCIPAL_TYPES: Record<Principal['type'], string> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
};

/**
 * The global condition keys a request to the emulator has, lower-cased as IAM compares them. An assumed
 * role's aws:PrincipalArn is its role's ARN, not the session's; a request is plain HTTP unless the emulator serves TLS, from the
 * address the emulator sees (aws:SourceIp, 127.0.0.1 for a learner's own machine).
 */
function conditionContext(ctx: RequestContext, now: number): ConditionContext {
  const { principal } = ctx;
  const role = /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\//.exec(principal.arn);
  const context: ConditionContext = {
    'aws:principalarn': role ? `arn:aws:iam::${role[1]}:role/${role[2]}` : principal.arn,
    'aws:principalaccount': principal.accountId,
    'aws:principaltype': PRINCIPAL_TYPES[principal.type],
    'aws:userid': principal.userId,
    'aws:requestedregion': ctx.region,
    'aws:securetransport': ctx.secureTransport ? 'true' : 'false',
    'aws:currenttime': new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:epochtime': String(Math.floor(now / 1000)),
  };
  if (principal.type === 'user') context['aws:username'] = principal.arn.split('/').at(-1) ?? '';
  if (ctx.sourceIp) context['aws:sourceip'] = ctx.sourceIp;
  return context;
}
