import { MISSING, type SqlValue, Timestamp } from '../values.ts';

/**
 * Reads a string as a number the way CAST does: decimal or exponent notation with optional sign and
 * surrounding spaces; no hex, no empty string. Returns undefined when the text is not a number.
 * Written by hand because Number() accepts '', '0x1F' and 'Infinity', which S3 rejects.
 */
export function parseNumber(text: string): number | undefined {
  const n = Number(text);
  if (Number.isFinite(n)) {
    if (n === 0 && text.trim() === '') return undefined;
    const t = text.length > 1 ? text.charCodeAt(1) | 32 : 0;
    if ((t === 120 || t === 111 || t === 98) && /^\s*[+-]?0[xob]/i.test(text)) return undefined;
    return n;
  }
  const lower = text.trim().toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return undefined;
}

export function isStruct(v: SqlValue): v is { [key: string]: SqlValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Timestamp);
}

/** Names a value's SQL type for error messages. */
export function typeName(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (v === MISSING) return 'MISSING';
  if (typeof v === 'number') return Number.isInteger(v) ? 'INT' : 'FLOAT';
  if (typeof v === 'string') return 'STRING';
  if (typeof v === 'boolean') return 'BOOL';
  if (v instanceof Timestamp) return 'TIMESTAMP';
  return Array.isArray(v) ? 'LIST' : 'STRUCT';
}

/** Text of a scalar for `||` and CAST AS STRING. */
export function toText(v: SqlValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Timestamp) return v.toString();
  return JSON.stringify(v);
}
