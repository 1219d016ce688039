import { parseError } from '../errors.ts';
import type { AggregateName, CastType, DatePart, Expr, Pos } from './ast.ts';
import type { Token } from './lexer.ts';
import type { ExpressionParser } from './parse-expression.ts';
import { describe, pos } from './token-stream.ts';

/**
 * The forms with their own grammar inside parentheses: CASE, CAST(… AS type), TRIM(LEADING … FROM …),
 * SUBSTRING(… FROM … FOR …), EXTRACT(part FROM …), DATE_ADD/DATE_DIFF(part, …), aggregates and plain calls.
 */

const CAST_TYPES: Record<string, CastType> = {
  INT: 'INT',
  INTEGER: 'INT',
  BIGINT: 'INT',
  SMALLINT: 'INT',
  FLOAT: 'FLOAT',
  DOUBLE: 'FLOAT',
  REAL: 'FLOAT',
  DECIMAL: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  CHAR: 'STRING',
  CHARACTER: 'STRING',
  BOOL: 'BOOL',
  BOOLEAN: 'BOOL',
  TIMESTAMP: 'TIMESTAMP',
};

const DATE_PARTS = new Set<DatePart>([
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'timezone_hour',
  'timezone_minute',
]);

const AGGREGATES = new Set<AggregateName>(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

export function parseCase(p: ExpressionParser): Expr {
  const start = p.next();
  const subject = p.isKeyword('WHEN') || p.isKeyword('END') ? undefined : p.expr();
  const whens: { when: Expr; result: Expr }[] = [];
  while (p.isKeyword('WHEN')) {
    p.next();
    const when = p.expr();
    p.expectKeyword('THEN');
    whens.push({ when, result: p.expr() });
  }
  if (whens.length === 0) {
    const t = p.peek();
    throw parseError('ParseExpectedWhenClause', 'CASE needs at least one WHEN … THEN …', t.line, t.column);
  }
  let otherwise: Expr | undefined;
  if (p.isKeyword('ELSE')) {
    p.next();
    otherwise = p.expr();
  }
  p.expectKeyword('END');
  return { kind: 'case', subject, whens, otherwise, ...pos(start) };
}

export function parseCast(p: ExpressionParser): Expr {
  const start = p.next();
  if (!p.isOp('(')) {
    const t = p.peek();
    throw parseError('ParseExpectedLeftParenAfterCast', 'CAST must be followed by (', t.line, t.column);
  }
  p.next();
  const value = p.expr();
  p.expectKeyword('AS');
  const typeToken = p.next();
  const type = typeToken.type === 'ident' ? CAST_TYPES[typeToken.upper] : undefined;
  if (!type) {
    throw parseError(
      'ParseExpectedTypeName',
      `Unknown type ${typeToken.value} in CAST`,
      typeToken.line,
      typeToken.column,
    );
  }
  // DECIMAL(p, s) and VARCHAR(n): S3 accepts and ignores the parameters.
  if (p.isOp('(')) {
    p.next();
    while (!p.isOp(')')) {
      const param = p.next();
      if (param.type !== 'number' && !(param.type === 'op' && param.value === ',')) {
        throw parseError(
          'ParseInvalidTypeParam',
          `Invalid type parameter ${param.value}`,
          param.line,
          param.column,
        );
      }
    }
    p.next();
  }
  p.expectOp(')');
  return { kind: 'cast', value, type, ...pos(start) };
}

export function parseCall(p: ExpressionParser, nameToken: Token): Expr {
  p.next();
  p.next(); // (
  const name = nameToken.upper;
  const at = pos(nameToken);
  if (AGGREGATES.has(name as AggregateName)) {
    if (p.isOp('*')) {
      const star = p.next();
      if (name !== 'COUNT') {
        throw parseError(
          'ParseUnsupportedCallWithStar',
          `${name}(*) is not supported; only COUNT(*) is`,
          star.line,
          star.column,
        );
      }
      p.expectOp(')');
      return { kind: 'aggregate', name: 'COUNT', arg: undefined, ...at };
    }
    const args = p.exprList(')');
    if (args.length !== 1) {
      throw parseError(
        'ParseNonUnaryAgregateFunctionCall',
        `${name} takes exactly one argument`,
        at.line,
        at.column,
      );
    }
    return { kind: 'aggregate', name: name as AggregateName, arg: args[0], ...at };
  }
  switch (name) {
    case 'TRIM':
      return parseTrim(p, at);
    case 'SUBSTRING':
      return parseSubstring(p, at);
    case 'EXTRACT': {
      const part = parseDatePart(p);
      p.expectKeyword('FROM');
      const value = p.expr();
      p.expectOp(')');
      return { kind: 'call', name, args: [part, value], ...at };
    }
    case 'DATE_ADD':
    case 'DATE_DIFF': {
      const part = parseDatePart(p);
      p.expectArgumentDelimiter();
      const rest = p.exprList(')');
      return { kind: 'call', name, args: [part, ...rest], ...at };
    }
  }
  if (p.isOp(')')) {
    p.next();
    return { kind: 'call', name, args: [], ...at };
  }
  return { kind: 'call', name, args: p.exprList(')'), ...at };
}

function parseTrim(p: ExpressionParser, at: Pos): Expr {
  let where: 'LEADING' | 'TRAILING' | 'BOTH' = 'BOTH';
  let chars: Expr | undefined;
  const t = p.peek();
  if (t.type === 'ident' && (t.upper === 'LEADING' || t.upper === 'TRAILING' || t.upper === 'BOTH')) {
    p.next();
    where = t.upper;
    if (!p.isKeyword('FROM')) chars = p.expr();
    p.expectKeyword('FROM');
  } else if (!p.isKeyword('FROM')) {
    const first = p.expr();
    if (!p.isKeyword('FROM')) {
      p.expectOp(')');
      return { kind: 'trim', where, chars: undefined, value: first, ...at };
    }
    chars = first;
    p.next();
  } else {
    p.next();
  }
  const value = p.expr();
  p.expectOp(')');
  return { kind: 'trim', where, chars, value, ...at };
}

function parseSubstring(p: ExpressionParser, at: Pos): Expr {
  const value = p.expr();
  const args = [value];
  if (p.isKeyword('FROM')) {
    p.next();
    args.push(p.expr());
    if (p.isKeyword('FOR')) {
      p.next();
      args.push(p.expr());
    }
    p.expectOp(')');
  } else {
    p.expectArgumentDelimiter();
    args.push(...p.exprList(')'));
  }
  return { kind: 'call', name: 'SUBSTRING', args, ...at };
}

function parseDatePart(p: ExpressionParser): Expr {
  const t = p.next();
  const part = t.value.toLowerCase() as DatePart;
  if (t.type !== 'ident' || !DATE_PARTS.has(part)) {
    throw parseError(
      'ParseExpectedDatePart',
      `Expected a date part (year, month, day, hour, minute, second) but found ${describe(t)}`,
      t.line,
      t.column,
    );
  }
  return { kind: 'datePart', part, ...pos(t) };
}

/** Comma-separated expressions up to and including the closing token. */
