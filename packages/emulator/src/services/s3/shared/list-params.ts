import { s3Errors } from '../protocol/s3-errors.ts';
import { urlEncodeKey } from './object-key.ts';

/** EncodingType: only `url` exists. */
export function encodingType(value: string | undefined): ((text: string) => string) | undefined {
  if (value === undefined) return undefined;
  if (value !== 'url') {
    throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', value);
  }
  return urlEncodeKey;
}
