import { SelectError } from '../errors.ts';
import { MISSING, type SqlValue, Timestamp } from '../values.ts';
import type { CastType } from './ast.ts';
import { parseNumber, toText, typeName } from './coerce.ts';
import { parseTimestamp } from './timestamp.ts';

/**
 * CAST(value AS type) (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-conversion.html).
 * NULL and MISSING pass through; a value that cannot be converted fails the query with CastFailed,
 * as S3 does, rather than turning into NULL.
 */
export function castFunction(type: CastType): (v: SqlValue) => SqlValue {
  switch (type) {
    case 'INT':
      return toInt;
    case 'FLOAT':
    case 'DECIMAL':
      return toFloat;
    case 'STRING':
      return (v) => (v === null || v === MISSING ? v : toText(v));
    case 'BOOL':
      return toBool;
    case 'TIMESTAMP':
      return toTimestamp;
  }
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
/** INT is a signed 64-bit integer in S3 Select: it holds -2^63 up to, but not including, 2^63. */
const INT_BOUND = 2 ** 63;

function checkIntRange(n: number): number {
  if (n >= INT_BOUND || n < -INT_BOUND) {
    throw new SelectError(
      'IntegerOverflow',
      `${n} is outside the range of INT (a signed 64-bit integer); CAST to FLOAT instead`,
    );
  }
  return n;
}

function toInt(v: SqlValue): SqlValue {
  if (typeof v === 'string') {
    if (INTEGER_TEXT.test(v)) return checkIntRange(Number(v));
    // S3 reads '12.7' as a number and truncates it; text that is no number at all fails.
    const n = parseNumber(v);
    if (n !== undefined && Number.isFinite(n)) return checkIntRange(Math.trunc(n));
    throw failed(v, 'INT');
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw failed(v, 'INT');
    return checkIntRange(Math.trunc(v));
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || v === MISSING) return v;
  throw failed(v, 'INT');
}

function toFloat(v: SqlValue): SqlValue {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = parseNumber(v);
    if (n === undefined) throw failed(v, 'FLOAT');
    return n;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || v === MISSING) return v;
  throw failed(v, 'FLOAT');
}

function toBool(v: SqlValue): SqlValue {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    throw failed(v, 'BOOL');
  }
  if (typeof v === 'number') return v !== 0;
  if (v === null || v === MISSING) return v;
  throw failed(v, 'BOOL');
}

function toTimestamp(v: SqlValue): SqlValue {
  if (v instanceof Timestamp) return v;
  if (typeof v === 'string') {
    const ts = parseTimestamp(v.trim());
    if (!ts) throw failed(v, 'TIMESTAMP');
    return ts;
  }
  if (v === null || v === MISSING) return v;
  throw failed(v, 'TIMESTAMP');
}

function failed(v: SqlValue, type: string): SelectError {
  const shown = typeof v === 'string' ? `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'` : typeName(v);
  return new SelectError(
    'CastFailed',
    `Attempt to convert from one data type to another using CAST failed: ${shown} is not a valid ${type}. ` +
      'Check the data, or filter such rows out before the CAST.',
  );
}
