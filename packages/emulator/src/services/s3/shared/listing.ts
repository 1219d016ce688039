import { s3Errors } from '../protocol/s3-errors.ts';
import { compareKeys } from '../store/key-order.ts';

export interface ListingRequest {
  /** Keys in S3 order. */
  keys: string[];
  prefix: string;
  delimiter: string;
  /** List strictly after this key or common prefix (StartAfter, Marker, a continuation token). */
  after: string;
  maxKeys: number;
}

export interface Listing {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  last?: string;
}

/** MaxKeys / MaxUploads / MaxParts: an integer, capped at 1,000 as S3 does; `fallback` when absent. */
export function parseMaxKeys(value: string | undefined, name = 'max-keys', fallback = 1000): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', name, value);
  }
  return Math.min(n, 1000);
}

/** First index in `keys` strictly after `after` (binary search over the sorted keys). */
function firstAfter(keys: string[], after: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareKeys(keys[mid] as string, after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * One page of a listing with S3's rules: keys under `prefix`, those with `delimiter` after the prefix
 * rolled up into common prefixes, each key or prefix counting once against `maxKeys`.
 */
export function listPage(request: ListingRequest): Listing {
  const { keys, prefix, delimiter, after, maxKeys } = request;
  const out: Listing = { keys: [], commonPrefixes: [], isTruncated: false };
  const start = Math.max(firstAfter(keys, after), prefix === '' ? 0 : firstAfter(keys, prefix) - 1, 0);
  let lastPrefix: string | undefined;
  for (let i = start; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!key.startsWith(prefix)) {
      if (compareKeys(key, prefix) > 0) break;
      continue;
    }
    let entry = key;
    let isPrefix = false;
    if (delimiter !== '') {
      const at = key.indexOf(delimiter, prefix.length);
      if (at !== -1) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
        // Already returned on this page, or on an earlier one that ended inside this prefix.
        if (entry === lastPrefix || (after.startsWith(entry) && compareKeys(entry, after) <= 0)) continue;
      }
    }
    if (out.keys.length + out.commonPrefixes.length >= maxKeys) {
      out.isTruncated = maxKeys > 0 || out.isTruncated;
      break;
    }
    if (isPrefix) {
      out.commonPrefixes.push(entry);
      lastPrefix = entry;
    } else {
      out.keys.push(entry);
    }
    out.last = entry;
  }
  return out;
}
