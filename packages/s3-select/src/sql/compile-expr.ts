import { SelectError } from '../errors.ts';
import { MISSING } from '../values.ts';
import type { CastType, DatePart, Expr } from './ast.ts';
import { castFunction } from './cast.ts';
import { parseNumber } from './coerce.ts';
import { equal } from './compare.ts';
import { compilePath, type RowBinding } from './compile-path.ts';
import type { Compiled, Fn, StaticType } from './compiled.ts';
import { compileCall, trimFunction } from './functions.ts';
import { between, binary, inList, isTest, like, truth, unary } from './operators.ts';

/**
 * Compiles an expression tree into closures once per query, so evaluating a row walks no AST.
 * Constant sub-expressions are folded at compile time.
 */
export interface ExprContext extends RowBinding {
  /** How to compile an aggregate call here; undefined where aggregates are not allowed (WHERE). */
  aggregate?: (node: Extract<Expr, { kind: 'aggregate' }>) => Compiled;
}

export function compileExpr(node: Expr, ctx: ExprContext): Compiled {
  const compiled = compileNode(node, ctx);
  return compiled.constant && node.kind !== 'literal' ? fold(compiled) : compiled;
}

function fold(c: Compiled): Compiled {
  try {
    const value = c.fn(undefined);
    return { fn: () => value, type: c.type, constant: true };
  } catch {
    // An error in a constant (CAST('x' AS INT)) surfaces when a row evaluates it, as in S3.
    return c;
  }
}

function compileNode(node: Expr, ctx: ExprContext): Compiled {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      const type: StaticType =
        node.numeric ?? (typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'any');
      return { fn: () => value, type, constant: true };
    }
    case 'path':
      return compilePath(node.steps, ctx, node);
    case 'list': {
      const items = node.items.map((e) => compileExpr(e, ctx));
      const fns = items.map((c) => c.fn);
      return { fn: (row) => fns.map((f) => f(row)), type: 'any', constant: items.every((c) => c.constant) };
    }
    case 'unary':
      return unary(node.op, compileExpr(node.operand, ctx));
    case 'binary':
      return binary(node.op, compileExpr(node.left, ctx), compileExpr(node.right, ctx));
    case 'like':
      return like(
        compileExpr(node.value, ctx),
        compileExpr(node.pattern, ctx),
        node.escape ? compileExpr(node.escape, ctx) : undefined,
        node.negated,
      );
    case 'between':
      return between(
        compileExpr(node.value, ctx),
        compileExpr(node.low, ctx),
        compileExpr(node.high, ctx),
        node.negated,
      );
    case 'in':
      return inList(
        compileExpr(node.value, ctx),
        node.list.map((e) => compileExpr(e, ctx)),
        node.negated,
      );
    case 'is':
      return isTest(compileExpr(node.value, ctx), node.test, node.negated);
    case 'case':
      return caseExpr(node, ctx);
    case 'cast':
      return cast(compileExpr(node.value, ctx), node.type);
    case 'call': {
      const parts = node.args.map((a) => (a.kind === 'datePart' ? a.part : undefined));
      const args = node.args.map((a) =>
        a.kind === 'datePart'
          ? { fn: () => null, type: 'any' as const, constant: true }
          : compileExpr(a, ctx),
      );
      return compileCall(node.name, args, parts as (DatePart | undefined)[], node);
    }
    case 'datePart':
      throw new SelectError(
        'ParseUnexpectedTerm',
        `The date part ${node.part} can only be a function argument`,
        node,
      );
    case 'trim': {
      const value = compileExpr(node.value, ctx);
      const chars = node.chars ? compileExpr(node.chars, ctx) : undefined;
      return {
        fn: trimFunction(node.where, value.fn, chars?.fn),
        type: 'string',
        constant: value.constant && (chars?.constant ?? true),
      };
    }
    case 'aggregate':
      if (!ctx.aggregate) {
        throw new SelectError(
          'UnsupportedSqlOperation',
          `Aggregate function ${node.name} cannot be used in the WHERE clause (line ${node.line}, column ${node.column}).`,
          node,
        );
      }
      return ctx.aggregate(node);
  }
}

function caseExpr(node: Extract<Expr, { kind: 'case' }>, ctx: ExprContext): Compiled {
  const subject = node.subject ? compileExpr(node.subject, ctx) : undefined;
  const whens = node.whens.map((w) => ({
    when: compileExpr(w.when, ctx),
    result: compileExpr(w.result, ctx),
  }));
  const otherwise = node.otherwise ? compileExpr(node.otherwise, ctx) : undefined;
  const els = otherwise?.fn;
  const pairs = whens.map((w) => [w.when.fn, w.result.fn] as const);
  let fn: Fn;
  if (subject) {
    const s = subject.fn;
    fn = (row) => {
      const x = s(row);
      if (x !== null && x !== MISSING) {
        for (const [when, then] of pairs) {
          const w = when(row);
          if (w !== null && w !== MISSING && equal(x, w)) return then(row);
        }
      }
      return els ? els(row) : null;
    };
  } else {
    fn = (row) => {
      for (const [when, then] of pairs) if (truth(when(row)) === true) return then(row);
      return els ? els(row) : null;
    };
  }
  const types = new Set(whens.map((w) => w.result.type).concat(otherwise ? [otherwise.type] : []));
  const parts = [subject, ...whens.flatMap((w) => [w.when, w.result]), otherwise].filter(
    (c) => c !== undefined,
  );
  return {
    fn,
    type: types.size === 1 ? [...types][0]! : 'any',
    constant: parts.every((c) => c.constant),
  };
}

const CAST_RESULT: Record<CastType, StaticType> = {
  INT: 'int',
  FLOAT: 'float',
  DECIMAL: 'decimal',
  STRING: 'string',
  BOOL: 'bool',
  TIMESTAMP: 'timestamp',
};

function cast(value: Compiled, type: CastType): Compiled {
  const f = value.fn;
  const convert = castFunction(type);
  let fn: Fn;
  if (type === 'FLOAT' || type === 'DECIMAL') {
    // Hot path: CAST(csv_field AS FLOAT) parses straight from the field text.
    fn = (row) => {
      const v = f(row);
      if (typeof v === 'string') {
        const n = parseNumber(v);
        if (n !== undefined) return n;
      }
      return convert(v);
    };
  } else {
    fn = (row) => convert(f(row));
  }
  return { fn, type: CAST_RESULT[type], constant: value.constant };
}
