import { SelectError } from '../errors.ts';
import { MISSING, type SqlValue } from '../values.ts';
import type { BinaryOp } from './ast.ts';
import { toText, typeName } from './coerce.ts';
import { equal, orderOrFail, shown, unknownOf } from './compare.ts';
import type { Compiled, Fn, StaticType } from './compiled.ts';
import { likeToRegExp } from './like.ts';

/**
 * Operators as closures over compiled operands: SQL three-valued logic, comparisons, arithmetic with SQL's
 * integer division, LIKE, BETWEEN, IN and IS. No operand converts implicitly: a CSV field is a STRING.
 */

/** Three-valued truth of a value: true, false, or null for unknown (NULL, MISSING, or not a boolean). */
export function truth(v: SqlValue): boolean | null {
  if (v === true || v === false) return v;
  if (typeof v === 'string') {
    const t = v.toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return null;
}

export function unary(op: '-' | '+' | 'NOT', operand: Compiled): Compiled {
  const f = operand.fn;
  const constant = operand.constant;
  if (op === 'NOT') {
    return {
      fn: (row) => {
        const v = f(row);
        if (v === MISSING) return MISSING;
        const t = truth(v);
        return t === null ? null : !t;
      },
      type: 'bool',
      constant,
    };
  }
  const sign = op === '-' ? -1 : 1;
  return {
    fn: (row) => {
      const v = f(row);
      if (v === null || v === MISSING) return v;
      return sign * numeric(v, op);
    },
    type: operand.type === 'string' ? 'any' : operand.type,
    constant,
  };
}

/**
 * A number operand. Text is never read as a number — not even a CSV field that looks like one: S3 fails the
 * query (ExternalEvalException, as it does for SUM over CSV text; the reference: "all input data is treated
 * as a string" until CAST).
 */
function numeric(v: SqlValue, op: string): number {
  if (typeof v === 'number') return v;
  throw new SelectError(
    'ExternalEvalException',
    `The query cannot be evaluated: the operator ${op} needs numbers but got ${shown(v)}. ` +
      'CSV fields are STRING until you CAST them, e.g. CAST(s.fare AS FLOAT) * 2.',
  );
}

const FLOATY = new Set<StaticType>(['float', 'decimal']);

export function binary(op: BinaryOp, left: Compiled, right: Compiled): Compiled {
  const l = left.fn;
  const r = right.fn;
  const constant = left.constant && right.constant;
  switch (op) {
    case 'AND':
      return {
        fn: (row) => {
          const a = truth(l(row));
          if (a === false) return false;
          const b = truth(r(row));
          if (b === false) return false;
          return a === true && b === true ? true : null;
        },
        type: 'bool',
        constant,
      };
    case 'OR':
      return {
        fn: (row) => {
          const a = truth(l(row));
          if (a === true) return true;
          const b = truth(r(row));
          if (b === true) return true;
          return a === false && b === false ? false : null;
        },
        type: 'bool',
        constant,
      };
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { fn: comparison(op, left, right), type: 'bool', constant };
    case '||':
      return {
        fn: (row) => {
          const a = l(row);
          const b = r(row);
          const u = unknownOf(a, b);
          return u !== undefined ? u : toText(a) + toText(b);
        },
        type: 'string',
        constant,
      };
  }
  return { fn: arithmetic(op, left, right), type: arithmeticType(left.type, right.type), constant };
}

function arithmeticType(a: StaticType, b: StaticType): StaticType {
  if (a === 'int' && b === 'int') return 'int';
  if (FLOATY.has(a) || FLOATY.has(b)) return a === 'float' || b === 'float' ? 'float' : 'decimal';
  return 'any';
}

function arithmetic(op: '+' | '-' | '*' | '/' | '%', left: Compiled, right: Compiled): Fn {
  const l = left.fn;
  const r = right.fn;
  // INT / INT truncates as in SQL; FLOAT or DECIMAL on either side divides exactly.
  const mayBeInt = !FLOATY.has(left.type) && !FLOATY.has(right.type);
  return (row) => {
    const av = l(row);
    const bv = r(row);
    const u = unknownOf(av, bv);
    if (u !== undefined) return u;
    const a = numeric(av, op);
    const b = numeric(bv, op);
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0) throw divisionByZero();
        return mayBeInt && Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
      case '%':
        if (b === 0) throw divisionByZero();
        return a % b;
    }
  };
}

function divisionByZero(): SelectError {
  return new SelectError(
    'EvaluatorInvalidArguments',
    'Division by zero; guard the divisor with CASE or NULLIF(x, 0)',
  );
}

function comparison(op: '=' | '!=' | '<' | '<=' | '>' | '>=', left: Compiled, right: Compiled): Fn {
  const l = left.fn;
  const r = right.fn;
  const test = orderTest(op);
  // Hot path: CAST(x AS FLOAT) > 500 — a number against a numeric constant needs no general dispatch.
  if (right.constant && op !== '=' && op !== '!=') {
    const c = r(undefined);
    if (typeof c === 'number') {
      return (row) => {
        const v = l(row);
        if (typeof v === 'number') return test(v < c ? -1 : v > c ? 1 : v === c ? 0 : Number.NaN);
        if (v === null || v === MISSING) return v;
        const o = orderOrFail(v, c, op);
        return o === undefined ? null : test(o);
      };
    }
  }
  if (op === '=' || op === '!=') {
    const want = op === '=';
    return (row) => {
      const a = l(row);
      const b = r(row);
      const u = unknownOf(a, b);
      return u !== undefined ? u : equal(a, b) === want;
    };
  }
  return (row) => {
    const a = l(row);
    const b = r(row);
    const u = unknownOf(a, b);
    if (u !== undefined) return u;
    const o = orderOrFail(a, b, op);
    return o === undefined ? null : test(o);
  };
}

function orderTest(op: '=' | '!=' | '<' | '<=' | '>' | '>='): (o: number) => boolean {
  switch (op) {
    case '<':
      return (o) => o < 0;
    case '<=':
      return (o) => o <= 0;
    case '>':
      return (o) => o > 0;
    case '>=':
      return (o) => o >= 0;
    case '=':
      return (o) => o === 0;
    case '!=':
      return (o) => o !== 0;
  }
}

export function like(
  value: Compiled,
  pattern: Compiled,
  escapeExpr: Compiled | undefined,
  negated: boolean,
): Compiled {
  const v = value.fn;
  const p = pattern.fn;
  const e = escapeExpr?.fn;
  // Patterns are almost always literals: build the RegExp once, and re-use it while the pattern repeats.
  let lastPattern: string | undefined;
  let lastEscape: string | undefined;
  let regex: RegExp | undefined;
  const fn: Fn = (row) => {
    const s = v(row);
    const pat = p(row);
    const esc = e ? e(row) : undefined;
    if (s === MISSING || pat === MISSING || esc === MISSING) return MISSING;
    if (s === null || pat === null || esc === null) return null;
    if (typeof s !== 'string' || typeof pat !== 'string' || (esc !== undefined && typeof esc !== 'string')) {
      throw new SelectError(
        'IncorrectSqlFunctionArgumentType',
        `LIKE compares STRING values, not ${typeName(s)}`,
      );
    }
    if (regex === undefined || pat !== lastPattern || esc !== lastEscape) {
      regex = likeToRegExp(pat, esc as string | undefined);
      lastPattern = pat;
      lastEscape = esc as string | undefined;
    }
    return regex.test(s) !== negated;
  };
  return { fn, type: 'bool', constant: value.constant && pattern.constant && (escapeExpr?.constant ?? true) };
}

export function between(value: Compiled, low: Compiled, high: Compiled, negated: boolean): Compiled {
  const v = value.fn;
  const lo = low.fn;
  const hi = high.fn;
  return {
    fn: (row) => {
      const x = v(row);
      const a = lo(row);
      const b = hi(row);
      const u = unknownOf(x, a) ?? unknownOf(x, b);
      if (u !== undefined) return u;
      const o1 = orderOrFail(x, a, 'BETWEEN');
      const o2 = orderOrFail(x, b, 'BETWEEN');
      if (o1 === undefined || o2 === undefined) return null;
      return (o1 >= 0 && o2 <= 0) !== negated;
    },
    type: 'bool',
    constant: value.constant && low.constant && high.constant,
  };
}

export function inList(value: Compiled, list: Compiled[], negated: boolean): Compiled {
  const v = value.fn;
  const fns = list.map((c) => c.fn);
  return {
    fn: (row) => {
      const x = v(row);
      if (x === MISSING || x === null) return x;
      let unknown = false;
      for (const f of fns) {
        const item = f(row);
        if (item === null || item === MISSING) unknown = true;
        else if (equal(x, item)) return !negated;
      }
      return unknown ? null : negated;
    },
    type: 'bool',
    constant: value.constant && list.every((c) => c.constant),
  };
}

export function isTest(
  value: Compiled,
  test: 'NULL' | 'MISSING' | 'TRUE' | 'FALSE',
  negated: boolean,
): Compiled {
  const v = value.fn;
  const check: (x: SqlValue) => boolean =
    test === 'NULL'
      ? (x) => x === null || x === MISSING
      : test === 'MISSING'
        ? (x) => x === MISSING
        : test === 'TRUE'
          ? (x) => truth(x) === true
          : (x) => truth(x) === false;
  return { fn: (row) => check(v(row)) !== negated, type: 'bool', constant: value.constant };
}
