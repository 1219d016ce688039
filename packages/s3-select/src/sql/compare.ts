import { MISSING, type SqlValue, Timestamp } from '../values.ts';
import { parseNumber } from './coerce.ts';

/**
 * Ordering and equality of SQL values.
 *
 * `loose` is set when one side is a CSV field: CSV has no types, so a field compared with a number is read
 * as a number when it looks like one ('500' > 20 is true). Elsewhere types must match, as in AWS's own
 * example NULLIF(1, '1') → 1 (an INT never equals a STRING).
 */

/** -1, 0 or 1; undefined when the two values cannot be ordered (different types, lists, structs). */
export function order(a: SqlValue, b: SqlValue, loose: boolean): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (loose) {
    if (typeof a === 'string' && typeof b === 'number') {
      const n = parseNumber(a);
      return n === undefined ? undefined : n < b ? -1 : n > b ? 1 : 0;
    }
    if (typeof a === 'number' && typeof b === 'string') {
      const n = parseNumber(b);
      return n === undefined ? undefined : a < n ? -1 : a > n ? 1 : 0;
    }
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Timestamp && b instanceof Timestamp) {
    const d = a.epochMs - b.epochMs;
    if (d !== 0) return d < 0 ? -1 : 1;
    const f = a.fractionValue - b.fractionValue;
    return f < 0 ? -1 : f > 0 ? 1 : 0;
  }
  return undefined;
}

/** Equality of two present (non-NULL, non-MISSING) values; lists and structs compare deeply. */
export function equal(a: SqlValue, b: SqlValue, loose: boolean): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return order(a, b, loose) === 0;
  }
  if (a instanceof Timestamp || b instanceof Timestamp) return order(a, b, loose) === 0;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equal(item, b[i] as SqlValue, false));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && equal(a[k] as SqlValue, b[k] as SqlValue, false));
}

/** NULL and MISSING are both "unknown" to operators; MISSING wins so an absent field stays absent. */
export function unknownOf(a: SqlValue, b: SqlValue): SqlValue | undefined {
  if (a === MISSING || b === MISSING) return MISSING;
  if (a === null || b === null) return null;
  return undefined;
}
