import type { RequestContext } from './types.ts';

/**
 * One operation, defined once in its service's actions/ folder: AWS's name for it, the IAM action a policy
 * must allow, and a handler typed with the `@aws-sdk/client-*` input and output shapes. A service's
 * registry is its actions/ folder's exports (see `registryOf`); its protocol adapter decodes the input from
 * the request and serialises the output or any AwsError the handler throws. `Ctx` is who calls: a SigV4
 * request's verified context, or less where a protocol authenticates otherwise (the SSO portal's bearer token).
 */
export interface Operation<Input, Output, Env = void, Ctx = RequestContext> {
  /** AWS's operation name, as the wire names it (X-Amz-Target's suffix, the query Action, S3's routing). */
  readonly name: string;
  /** The IAM action a policy must allow, e.g. `ssm:GetParameter`; null where the emulator checks none. */
  readonly iamAction: string | null;
  /** `env` is what the service's operations share (SSM's store and cipher, S3's store). */
  handle(input: Input, ctx: Ctx, env: Env): Promise<Output>;
}

/** An operation's output as a handler returns it: the SDK's command output without the client's `$metadata`. */
export type OutputOf<T> = Omit<T, '$metadata'>;

/**
 * The SDK's input shape as it arrives from a client: the member names are AWS's, but each value is
 * unchecked until the handler validates it (a hostile client sends a number where a string belongs).
 */
export type WireInput<T> = { readonly [K in keyof T]?: unknown };

/**
 * A service's registry: every operation its actions/ folder exports (`import * as actions from
 * './actions/index.ts'`), by name. Throws at start when two exports claim one name.
 */
export function registryOf<Op extends { readonly name: string }>(
  exports: Readonly<Record<string, Op>>,
): ReadonlyMap<string, Op> {
  const registry = new Map<string, Op>();
  for (const operation of Object.values(exports)) {
    if (registry.has(operation.name)) throw new Error(`two operations are named ${operation.name}`);
    registry.set(operation.name, operation);
  }
  return registry;
}

/**
 * Throws AccessDenied unless the caller's policies allow the operation's IAM action on `resource`;
 * `keys` adds service condition keys. A handler calls it once it knows the resource.
 */
export function allow(
  ctx: RequestContext,
  operation: { readonly name: string; readonly iamAction: string | null },
  resource: string,
  keys?: Record<string, string>,
): void {
  if (operation.iamAction === null) throw new Error(`${operation.name} declares no IAM action to check`);
  ctx.runtime.authorize(ctx, operation.iamAction, resource, keys);
}
