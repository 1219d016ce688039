import { SelectError } from '../errors.ts';
import { MISSING, type SqlValue, Timestamp } from '../values.ts';
import { typeName } from './coerce.ts';

/**
 * Ordering and equality of SQL values. Types never convert implicitly: "If CAST is not defined, then all
 * input data is treated as a string" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-data-types.html),
 * so a CSV field is a STRING whatever it looks like. Values of different types are never equal, as in the
 * reference's NULLIF(1, '1') → 1; ordering them (<, >, BETWEEN) fails the query — see `orderOrFail`.
 */

/** -1, 0 or 1; undefined when the two values cannot be ordered (different types, lists, structs, NaN). */
export function order(a: SqlValue, b: SqlValue): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Timestamp && b instanceof Timestamp) {
    const d = a.epochMs - b.epochMs;
    if (d !== 0) return d < 0 ? -1 : 1;
    const f = a.fractionValue - b.fractionValue;
    return f < 0 ? -1 : f > 0 ? 1 : 0;
  }
  return undefined;
}

/**
 * `order`, but two scalars of different types (a CSV field's STRING against a number) fail the query with
 * ExternalEvalException, as S3 answers `WHERE s.age > 19` over CSV (minio/spark-select#12: "when we cast age
 * to an int, it works"). NaN, lists and structs stay unordered: unknown, so the row is filtered out.
 */
export function orderOrFail(a: SqlValue, b: SqlValue, op: string): number | undefined {
  const o = order(a, b);
  if (o === undefined && isScalar(a) && isScalar(b) && family(a) !== family(b)) {
    throw new SelectError(
      'ExternalEvalException',
      `The query cannot be evaluated: ${op} cannot compare ${shown(a)} with ${shown(b)}. ` +
        'CSV fields are STRING until you CAST them, e.g. CAST(s.fare AS FLOAT) > 10.',
    );
  }
  return o;
}

/** Equality of two present (non-NULL, non-MISSING) values; lists and structs compare deeply. */
export function equal(a: SqlValue, b: SqlValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return order(a, b) === 0;
  if (a instanceof Timestamp || b instanceof Timestamp) return order(a, b) === 0;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equal(item, b[i] as SqlValue));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && equal(a[k] as SqlValue, b[k] as SqlValue));
}

/** NULL and MISSING are both "unknown" to operators; MISSING wins so an absent field stays absent. */
export function unknownOf(a: SqlValue, b: SqlValue): SqlValue | undefined {
  if (a === MISSING || b === MISSING) return MISSING;
  if (a === null || b === null) return null;
  return undefined;
}

/** A value as an error message shows it: its type, and the text of a string. */
export function shown(v: SqlValue): string {
  return typeof v === 'string' ? `STRING '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'` : typeName(v);
}

function isScalar(v: SqlValue): boolean {
  return typeof v !== 'object' || v instanceof Timestamp;
}

function family(v: SqlValue): string {
  return v instanceof Timestamp ? 'timestamp' : typeof v;
}
