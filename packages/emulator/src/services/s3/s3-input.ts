import { headerOf, type WireRequest } from '../../core/wire.ts';
import { s3Errors } from './protocol/s3-errors.ts';
import type { S3Address } from './routing/addressing.ts';
import type { AnyS3Operation, S3Binding, S3Input } from './s3-action.ts';

function bound(binding: S3Binding, request: WireRequest, query: URLSearchParams) {
  if ('query' in binding) return query.get(binding.query) ?? undefined;
  if ('header' in binding) return headerOf(request, binding.header);
  const members: Record<string, string> = {};
  for (const name of Object.keys(request.headers)) {
    const value = headerOf(request, name);
    if (name.startsWith(binding.headerPrefix) && value !== undefined)
      members[name.slice(binding.headerPrefix.length)] = value;
  }
  return members;
}

/**
 * An operation's input from S3's REST binding: Bucket and Key from the address, ExpectedBucketOwner
 * (every operation's), and the members the operation binds to the query and headers. A query parameter
 * its route fixes must have that value (SelectObjectContent's select-type).
 */
export function s3Input(
  operation: AnyS3Operation,
  address: S3Address,
  request: WireRequest,
  query: URLSearchParams,
): S3Input<unknown> {
  const fixed = operation.http.fixedQuery;
  if (fixed && query.get(fixed.name) !== fixed.value) {
    throw s3Errors.invalidArgument(
      `The ${fixed.name} parameter must be ${fixed.value}.`,
      fixed.name,
      query.get(fixed.name) ?? '',
    );
  }
  const input: Record<string, unknown> = {
    Bucket: address.bucket,
    Key: address.key,
    ExpectedBucketOwner: headerOf(request, 'x-amz-expected-bucket-owner'),
  };
  for (const [member, binding] of Object.entries(operation.input ?? {}))
    input[member] = bound(binding as S3Binding, request, query);
  return input as S3Input<unknown>;
}
