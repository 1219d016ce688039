import { SelectError } from '../errors.ts';
import { MISSING, type SqlValue, Timestamp } from '../values.ts';
import type { DatePart, Pos } from './ast.ts';
import { typeName } from './coerce.ts';
import { equal } from './compare.ts';
import type { Compiled, Fn, StaticType } from './compiled.ts';
import { dateAdd, dateDiff, extract, parseTimestamp, utcNow } from './timestamp.ts';
import { formatTimestamp } from './timestamp-format.ts';

/**
 * The scalar functions of S3 Select, one entry each: arity and a builder from compiled arguments to a
 * closure. References: string, conditional and date function pages of the S3 Select SQL reference.
 */
interface FunctionDef {
  min: number;
  max: number;
  type: StaticType;
  build(args: Fn[], parts: (DatePart | undefined)[]): Fn;
}

const isUnknown = (v: SqlValue) => v === null || v === MISSING;

function stringArg(name: string, v: SqlValue): string {
  if (typeof v === 'string') return v;
  throw new SelectError(
    'IncorrectSqlFunctionArgumentType',
    `${name} expects a STRING argument but got ${typeName(v)}`,
  );
}

function numberArg(name: string, v: SqlValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  throw new SelectError(
    'IncorrectSqlFunctionArgumentType',
    `${name} expects a number argument but got ${typeName(v)}`,
  );
}

function timestampArg(name: string, v: SqlValue): Timestamp {
  if (v instanceof Timestamp) return v;
  throw new SelectError(
    'IncorrectSqlFunctionArgumentType',
    `${name} expects a TIMESTAMP argument but got ${typeName(v)}; convert text with TO_TIMESTAMP or CAST(… AS TIMESTAMP)`,
  );
}

/** Wraps a one-argument string function: NULL/MISSING in → same out. */
function stringFn(name: string, f: (s: string) => SqlValue): FunctionDef['build'] {
  return ([a]) =>
    (row) => {
      const v = a!(row);
      return isUnknown(v) ? v : f(stringArg(name, v));
    };
}

/** SUBSTRING per the reference: start < 1 eats into the length; 1-based. */
export function substring(s: string, start: number, length: number | undefined): string {
  const chars = Array.from(s);
  if (length === undefined) return chars.slice(Math.max(start, 1) - 1).join('');
  if (length < 0) throw new SelectError('EvaluatorInvalidArguments', 'SUBSTRING length must not be negative');
  const end = start + length - 1; // last 1-based position included
  if (end < 1) return '';
  return chars.slice(Math.max(start, 1) - 1, end).join('');
}

const FUNCTIONS: Record<string, FunctionDef> = {
  CHAR_LENGTH: { min: 1, max: 1, type: 'int', build: stringFn('CHAR_LENGTH', (s) => Array.from(s).length) },
  CHARACTER_LENGTH: {
    min: 1,
    max: 1,
    type: 'int',
    build: stringFn('CHARACTER_LENGTH', (s) => Array.from(s).length),
  },
  LOWER: { min: 1, max: 1, type: 'string', build: stringFn('LOWER', (s) => s.toLowerCase()) },
  UPPER: { min: 1, max: 1, type: 'string', build: stringFn('UPPER', (s) => s.toUpperCase()) },
  SUBSTRING: {
    min: 2,
    max: 3,
    type: 'string',
    build:
      ([s, start, len]) =>
      (row) => {
        const v = s!(row);
        const b = start!(row);
        const l = len ? len(row) : undefined;
        if (isUnknown(v) || isUnknown(b) || (l !== undefined && isUnknown(l)))
          return v === MISSING ? MISSING : null;
        return substring(
          stringArg('SUBSTRING', v),
          numberArg('SUBSTRING', b),
          l === undefined ? undefined : numberArg('SUBSTRING', l),
        );
      },
  },
  COALESCE: {
    min: 1,
    max: Number.POSITIVE_INFINITY,
    type: 'any',
    build: (args) => (row) => {
      for (const a of args) {
        const v = a(row);
        if (!isUnknown(v)) return v;
      }
      return null;
    },
  },
  NULLIF: {
    min: 2,
    max: 2,
    type: 'any',
    build:
      ([a, b]) =>
      (row) => {
        const x = a!(row);
        const y = b!(row);
        if (isUnknown(x)) return null;
        if (isUnknown(y)) return x;
        return equal(x, y) ? null : x;
      },
  },
  DATE_ADD: {
    min: 3,
    max: 3,
    type: 'timestamp',
    build:
      ([, q, t], [part]) =>
      (row) => {
        const qv = q!(row);
        const tv = t!(row);
        if (isUnknown(qv) || isUnknown(tv)) return qv === MISSING || tv === MISSING ? MISSING : null;
        return dateAdd(part!, numberArg('DATE_ADD', qv), timestampArg('DATE_ADD', tv));
      },
  },
  DATE_DIFF: {
    min: 3,
    max: 3,
    type: 'int',
    build:
      ([, a, b], [part]) =>
      (row) => {
        const av = a!(row);
        const bv = b!(row);
        if (isUnknown(av) || isUnknown(bv)) return av === MISSING || bv === MISSING ? MISSING : null;
        return dateDiff(part!, timestampArg('DATE_DIFF', av), timestampArg('DATE_DIFF', bv));
      },
  },
  EXTRACT: {
    min: 2,
    max: 2,
    type: 'int',
    build:
      ([, t], [part]) =>
      (row) => {
        const v = t!(row);
        return isUnknown(v) ? v : extract(part!, timestampArg('EXTRACT', v));
      },
  },
  TO_STRING: {
    min: 2,
    max: 2,
    type: 'string',
    build:
      ([t, p]) =>
      (row) => {
        const v = t!(row);
        const pattern = p!(row);
        if (isUnknown(v) || isUnknown(pattern)) return v === MISSING ? MISSING : null;
        return formatTimestamp(timestampArg('TO_STRING', v), stringArg('TO_STRING', pattern));
      },
  },
  TO_TIMESTAMP: {
    min: 1,
    max: 1,
    type: 'timestamp',
    build: stringFn('TO_TIMESTAMP', (s) => {
      const ts = parseTimestamp(s.trim());
      if (!ts) {
        throw new SelectError(
          'ValueParseFailure',
          `TO_TIMESTAMP could not parse '${s}': use Ion timestamp text such as 2007-02-23T12:14:33.079-08:00`,
        );
      }
      return ts;
    }),
  },
  UTCNOW: { min: 0, max: 0, type: 'timestamp', build: () => () => utcNow() },
};

/** Date-part arguments must be in these positions: 0 for DATE_ADD/DATE_DIFF/EXTRACT. */
const DATE_PART_FUNCTIONS = new Set(['DATE_ADD', 'DATE_DIFF', 'EXTRACT']);

export function compileCall(
  name: string,
  args: Compiled[],
  parts: (DatePart | undefined)[],
  at: Pos,
): Compiled {
  const def = FUNCTIONS[name];
  if (!def) {
    throw new SelectError(
      'UnsupportedFunction',
      `Function ${name} is not supported by S3 Select (line ${at.line}, column ${at.column}).`,
      at,
    );
  }
  if (args.length < def.min || args.length > def.max) {
    const want = def.min === def.max ? `${def.min}` : `${def.min} to ${def.max}`;
    throw new SelectError(
      'EvaluatorInvalidArguments',
      `${name} takes ${want} argument(s) but was given ${args.length} (line ${at.line}, column ${at.column}).`,
      at,
    );
  }
  if (DATE_PART_FUNCTIONS.has(name) && parts[0] === undefined) {
    throw new SelectError('ParseExpectedDatePart', `${name} needs a date part as its first argument`, at);
  }
  const fn = def.build(
    args.map((a) => a.fn),
    parts,
  );
  // UTCNOW is the one function whose result changes between rows; everything else folds on constants.
  const constant = name !== 'UTCNOW' && args.every((a) => a.constant);
  return { fn, type: def.type, constant };
}

export function trimFunction(where: 'LEADING' | 'TRAILING' | 'BOTH', value: Fn, chars: Fn | undefined): Fn {
  return (row) => {
    const v = value(row);
    const c = chars ? chars(row) : ' ';
    if (isUnknown(v) || isUnknown(c)) return v === MISSING ? MISSING : null;
    const s = stringArg('TRIM', v);
    const set = stringArg('TRIM', c);
    let start = 0;
    let end = s.length;
    if (where !== 'TRAILING') while (start < end && set.includes(s[start]!)) start++;
    if (where !== 'LEADING') while (end > start && set.includes(s[end - 1]!)) end--;
    return s.slice(start, end);
  };
}
