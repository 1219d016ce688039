import type { WireRequest } from '../../core/wire.ts';
import { restXmlInput } from '../../protocols/rest-xml.ts';
import { s3Errors } from './protocol/s3-errors.ts';
import { S3_MODEL } from './protocol/s3-model.ts';
import type { S3Address } from './routing/addressing.ts';
import type { AnyS3Operation, S3Input } from './s3-action.ts';

/**
 * An operation's input from S3's REST binding: Bucket and Key from the address, and the members S3's model
 * binds to the query and headers (protocols/rest-xml.ts). A query parameter its route fixes must have that
 * value (SelectObjectContent's select-type).
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
  // Set on the bound object rather than spread into a copy of it: this runs on every request.
  const input = restXmlInput(S3_MODEL, operation.name, request, query);
  input.Bucket = address.bucket;
  input.Key = address.key;
  return input as S3Input<unknown>;
}
