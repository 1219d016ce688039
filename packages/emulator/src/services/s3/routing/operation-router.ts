import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation, S3Route } from '../s3-action.ts';
import type { S3Address } from './addressing.ts';

/**
 * Sub-resources S3 has but the emulator does not serve: requests naming them answer NotImplemented
 * (501), as S3 itself does for functionality it lacks, instead of being mistaken for a plain GET/PUT.
 * An operation that routes on one of them (GetBucketVersioning: versioning is never enabled here, so its
 * empty status is safe to read) is served before this refusal.
 */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'torrent',
  'versioning',
  'versions',
  'website',
];

/**
 * Which sub-resource wins when a request names two that select operations on one path (`?uploads&uploadId`):
 * the earlier here. A list of S3's query names, not of operations.
 */
const SUBRESOURCE_PRECEDENCE = [
  'versioning',
  'location',
  'uploads',
  'uploadId',
  'tagging',
  'delete',
  'select',
  'list-type',
];

type Scope = S3Route['on'];

const subresourceName = (route: S3Route) =>
  typeof route.subresource === 'string' ? route.subresource : route.subresource?.name;

function precedence(route: S3Route): number {
  const name = subresourceName(route);
  if (name === undefined) return SUBRESOURCE_PRECEDENCE.length;
  const at = SUBRESOURCE_PRECEDENCE.indexOf(name);
  if (at === -1) throw new Error(`S3 sub-resource "${name}" has no place in SUBRESOURCE_PRECEDENCE`);
  return at;
}

function selects(route: S3Route, query: URLSearchParams): boolean {
  const { subresource } = route;
  if (subresource === undefined) return true;
  return typeof subresource === 'string'
    ? query.has(subresource)
    : query.get(subresource.name) === subresource.value;
}

/** Resolves a request to the operation it names, from method, address and query (ignoring the SDK's x-id). */
export type S3Router = (
  method: string,
  address: S3Address,
  query: URLSearchParams,
  hasCopySource: boolean,
) => S3Operation;

/**
 * The router, built from the operations' own routes: for each method and scope, the operations that
 * route there, a sub-resource's before the plain one, and a copy before the upload it shadows.
 */
export function s3Router(operations: Iterable<S3Operation>): S3Router {
  const byRoute = new Map<string, S3Operation[]>();
  for (const operation of operations) {
    const { method, on } = operation.http;
    const key = `${method} ${on}`;
    byRoute.set(key, [...(byRoute.get(key) ?? []), operation]);
  }
  for (const candidates of byRoute.values()) {
    candidates.sort(
      (a, b) =>
        precedence(a.http) - precedence(b.http) ||
        Number(b.http.copySource ?? 0) - Number(a.http.copySource ?? 0),
    );
  }

  return (method, address, query, hasCopySource) => {
    const scope: Scope = address.bucket === '' ? 'service' : address.key === '' ? 'bucket' : 'object';
    const candidates = byRoute.get(`${method} ${scope}`) ?? [];
    const matching = candidates.filter(
      (operation) => selects(operation.http, query) && (!operation.http.copySource || hasCopySource),
    );
    const chosen = matching[0];
    const routedUnsupported =
      chosen !== undefined && UNSUPPORTED_SUBRESOURCES.includes(subresourceName(chosen.http) ?? '');
    if (scope !== 'service' && !routedUnsupported) {
      const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
      if (unsupported) throw s3Errors.notImplemented(`${method} ?${unsupported}`);
    }
    if (chosen) return chosen;
    if (scope === 'bucket' && method === 'POST')
      throw s3Errors.notImplemented('POST Object (browser form uploads)');
    throw s3Errors.methodNotAllowed(method);
  };
}
