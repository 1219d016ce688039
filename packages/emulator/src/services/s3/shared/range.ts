import { s3Errors } from '../protocol/s3-errors.ts';
import type { ByteRange } from '../store/types.ts';

/**
 * One HTTP byte range (RFC 9110 §14.1.2) against an object of `size` bytes: `bytes=a-b`, `bytes=a-` and
 * the suffix form `bytes=-n`. Syntax S3 does not understand (several ranges, other units) is ignored and
 * the whole object served; a range that starts past the end is InvalidRange (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange(size, header);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw s3Errors.invalidRange(size, header);
  return { start, end };
}
