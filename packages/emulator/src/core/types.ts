/**
 * The contract between the HTTP front door (server.ts, SigV4 check) and the services.
 * Services know only a verified RequestContext; they never parse Authorization headers.
 */

export type PrincipalType = 'root' | 'user' | 'assumed-role' | 'federated-user';

/** An IAM policy, as `parsePolicyDocument` (core/policy-document.ts) accepts it: the templates' own type. */
import type { PolicyDocument } from '@cloudlab/cfn-templates';
import type { WireRequest, WireResponse } from './wire.ts';

export type { PolicyDocument, PolicyStatement } from '@cloudlab/cfn-templates';

export interface Principal {
  accountId: string;
  arn: string;
  userId: string;
  type: PrincipalType;
  accessKeyId: string;
  /** Policies that bound this principal; undefined means allowed everything (the learner's own keys). */
  policies?: PolicyDocument[];
  /** An AssumeRole session policy: the session may do only what both it and `policies` allow. */
  sessionPolicy?: PolicyDocument;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface SigningInfo {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** X-Amz-Date, e.g. 20261125T120000Z */
  amzDate: string;
  /** Credential scope parts. */
  shortDate: string;
  region: string;
  service: string;
  /** The request's signature (the seed signature for aws-chunked uploads). */
  signature: string;
  /** x-amz-content-sha256 as sent (S3), or the hash computed from the buffered body. */
  payloadHash: string;
  presigned: boolean;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  lenient?: boolean;
  region?: string;
  /** Per-service rate (0..1) of requests answered with ThrottlingException, e.g. { ssm: 0.2 }. */
  throttle?: Record<string, number>;
  /**
   * What one account may take of an emulator that many accounts share (a batch: one account per learner):
   * past it, that account's requests fail and every other account's go on. Default: no limit.
   */
  accountLimits?: AccountLimits;
  /** Milliseconds since the epoch; tests pass a movable clock to check expiry without waiting. */
  clock?: () => number;
  /** One-line log sink for internal errors (default: stderr). */
  log?: (line: string) => void;
  /**
   * Serve HTTPS with a certificate signed by a CA the emulator makes and keeps in this folder (`ca.pem` is
   * what clients trust, e.g. through AWS_CA_BUNDLE). Default: plain HTTP.
   */
  tlsDir?: string;
}

export interface AccountLimits {
  /** Signed requests per account, all services together. */
  requests?: number;
  /** Bytes of S3 object and part bodies an account holds at once (the in-memory store). */
  objectBytes?: number;
  /** Bytes of CloudFormation templates an account's stacks and change sets hold at once. */
  templateBytes?: number;
  /** Unzipped bytes of Lambda code an account's functions keep on disk at once. */
  codeBytes?: number;
  /**
   * Bytes an account's requests bring in, all services together (core/ingress-ledger.ts): whatever a service
   * keeps came in so, and S3 object bodies and Lambda code are bounded by the two limits above.
   */
  ingressBytes?: number;
}

/** A service's wire protocol: how its adapter, and the front door's own errors for it, are serialised. */
export type WireProtocol = 'query' | 'json' | 'rest-json' | 'rest-xml';

/** IAM roles known to the emulator: AssumeRole attaches a role's policies to its sessions. */
export interface RoleRegistry {
  /** Attaches (replaces) the identity policies of a role, by role ARN. */
  setPolicies(roleArn: string, policies: PolicyDocument[]): void;
  /** The role's policies, or undefined when none were attached (the session may do anything). */
  policiesOf(roleArn: string): PolicyDocument[] | undefined;
}

export interface EmulatorRuntime {
  readonly options: EmulatorOptions;
  /** http://127.0.0.1:PORT once listening. */
  readonly endpoint: string;
  /** A folder a service owns for persistence, or undefined when in memory. */
  dataDirFor(service: string): string | undefined;
  /** Throws AwsError AccessDenied (or AccessDeniedException) when the principal's policies refuse. */
  /** Throws AccessDenied unless the caller's policies allow `action`; `keys` adds service condition keys. */
  authorize(ctx: RequestContext, action: string, resource: string, keys?: Record<string, string>): void;
  /**
   * True when this request should be answered with a throttling error: the --throttle knob, or the rates
   * set for the signing access key with setThrottle.
   */
  shouldThrottle(service: string, accessKeyId?: string): boolean;
  /** Throttles requests signed with one access key (the admin service's SetThrottle); {} removes it. */
  setThrottle(accessKeyId: string, rates: Record<string, number>): void;
  /** Mints temporary credentials bound to a principal (STS AssumeRole, Lambda execution roles). */
  issueCredentials(principal: Omit<Principal, 'accessKeyId'>, ttlSeconds: number): IssuedCredentials;
  /** Milliseconds since the epoch (options.clock or Date.now). */
  now(): number;
  /** Role policies used by STS AssumeRole; the SAM service may attach execution-role policies here. */
  readonly roles: RoleRegistry;
  /** Each account's bytes against accountLimits.ingressBytes: a service charges what it makes beyond a request. */
  readonly ingress: {
    charge(accountId: string, bytes: number, protocol: WireProtocol): void;
    /** What the account has brought in so far; 0 when no limit is set (nothing is counted then). */
    spent(accountId: string): number;
  };
  /** S3's bulk put for the admin service's SeedObjects: set by the S3 service when it starts. */
  objectSeeder?: ObjectSeeder;
}

/** Stores many objects of one body at once, each as a PutObject of that body alone would (SeedObjects). */
export interface ObjectSeeder {
  /** Checks as PutObject does, key by key (owned bucket, s3:PutObject, key length), then stores them in turn. */
  seedObjects(ctx: RequestContext, bucket: string, keys: readonly string[], body: Buffer): Promise<void>;
}

export interface RequestContext {
  url: URL;
  principal: Principal;
  region: string;
  requestId: string;
  signing: SigningInfo;
  /** The whole body, read and checked against the signed hash — for every service but S3, which streams. */
  body?: Buffer;
  /** The client's address, IAM's aws:SourceIp. */
  sourceIp?: string;
  /** True when the request came over TLS (`--tls`): IAM's aws:SecureTransport. */
  secureTransport?: boolean;
  runtime: EmulatorRuntime;
}

export interface Service {
  /** The SigV4 signing name the front door routes on: 'sts', 'ssm', 's3', 'cloudformation', 'lambda'. */
  readonly signingName: string;
  /** True for services that read the request stream themselves (S3); others get ctx.body. */
  readonly streamsBody?: boolean;
  /** Its wire protocol, stated by the protocol adapter that built the service. */
  readonly protocol: WireProtocol;
  /** Largest body the front door buffers for this service (default 1 MiB); ignored when streamsBody. */
  readonly maxBodyBytes?: number;
  /** Unsigned routes the service answers (e.g. an HTTP API in front of Lambda functions). */
  readonly unsignedRoutes?: UnsignedRoute[];
  /** Answers an authenticated request; an AwsError it throws is the front door's to serialise. */
  handle(request: WireRequest, ctx: RequestContext): Promise<WireResponse>;
  /** Forgets everything the account owns in this service (the batch drops each learner's account after grading). */
  deleteAccount?(accountId: string): Promise<void>;
  close?(): Promise<void>;
}

/** Unsigned HTTP routes (health, the HTTP API in front of Lambda functions). */
export interface UnsignedRoute {
  matches(request: WireRequest, url: URL): boolean;
  handle(request: WireRequest, runtime: EmulatorRuntime): Promise<WireResponse>;
}

export type ServiceFactory = (runtime: EmulatorRuntime) => Service | Promise<Service>;
