import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Call } from '../s3-action.ts';
import { urlEncodeKey } from './object-key.ts';

/** EncodingType: only `url` exists. */
export function encodingType(call: S3Call): ((text: string) => string) | undefined {
  const value = call.query.get('encoding-type');
  if (value === null) return undefined;
  if (value !== 'url') {
    throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', value);
  }
  return urlEncodeKey;
}
