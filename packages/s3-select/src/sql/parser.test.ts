import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import type { Expr } from './ast.ts';
import { parseQuery } from './parser.ts';

/** Renders an expression tree as a fully parenthesised string, to assert precedence. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'path':
      return e.steps
        .map((s) => (s.kind === 'name' ? s.name : s.kind === 'index' ? `[${s.index}]` : '[*]'))
        .join('.');
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'like':
      return `(${show(e.value)} ${e.negated ? 'NOT ' : ''}LIKE ${show(e.pattern)})`;
    case 'between':
      return `(${show(e.value)} BETWEEN ${show(e.low)} AND ${show(e.high)})`;
    case 'in':
      return `(${show(e.value)} ${e.negated ? 'NOT ' : ''}IN ${e.list.map(show).join(',')})`;
    case 'is':
      return `(${show(e.value)} IS ${e.negated ? 'NOT ' : ''}${e.test})`;
    default:
      return e.kind;
  }
}

const where = (sql: string) => show(parseQuery(`SELECT * FROM S3Object s WHERE ${sql}`).where!);

function parseErrorOf(sql: string): SelectError {
  try {
    parseQuery(sql);
  } catch (e) {
    if (e instanceof SelectError) return e;
    throw e;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('parseQuery', () => {
  it('binds * tighter than + and + tighter than comparison', () => {
    expect(where('1 + 2 * 3 > 4 - 1')).toBe('((1 + (2 * 3)) > (4 - 1))');
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(where('a = 1 OR NOT b = 2 AND c = 3')).toBe('((a = 1) OR ((NOT (b = 2)) AND (c = 3)))');
  });

  it('parses LIKE, BETWEEN, IN and IS with their NOT forms', () => {
    expect(where("a NOT LIKE 'x%' AND b BETWEEN 1 AND 2 AND c NOT IN (1, 2) AND d IS NOT MISSING")).toBe(
      "((((a NOT LIKE 'x%') AND (b BETWEEN 1 AND 2)) AND (c NOT IN 1,2)) AND (d IS NOT MISSING))",
    );
  });

  it('folds a minus sign into a number literal', () => {
    expect(where('a > -5')).toBe('(a > -5)');
  });

  it('reads paths with alias, names, quoted names and indexes', () => {
    const q = parseQuery('SELECT s.a[1]."B" FROM S3Object s');
    expect(q.items![0]!.expr).toMatchObject({
      kind: 'path',
      steps: [
        { kind: 'name', name: 's' },
        { kind: 'name', name: 'a' },
        { kind: 'index', index: 1 },
        { kind: 'name', name: 'B', quoted: true },
      ],
    });
  });

  it('reads FROM S3Object[*].path with and without AS', () => {
    expect(parseQuery('SELECT * FROM S3Object[*].a[*] AS x')).toMatchObject({
      from: [{ kind: 'wildcard' }, { kind: 'name', name: 'a' }, { kind: 'wildcard' }],
      alias: 'x',
    });
    expect(parseQuery('SELECT * FROM s3object y').alias).toBe('y');
  });

  it('accepts alias.* as SELECT *', () => {
    expect(parseQuery('SELECT s.* FROM S3Object s').items).toBeUndefined();
  });

  it('reads LIMIT as a whole number', () => {
    expect(parseQuery('SELECT * FROM S3Object LIMIT 10').limit).toBe(10);
    expect(parseErrorOf('SELECT * FROM S3Object LIMIT -1').code).toBe('EvaluatorNegativeLimit');
    expect(parseErrorOf('SELECT * FROM S3Object LIMIT 1.5').code).toBe('ParseExpectedNumber');
  });

  it('parses both SUBSTRING forms to the same call', () => {
    const a = parseQuery("SELECT SUBSTRING('abc' FROM 2 FOR 1) FROM S3Object").items![0]!.expr;
    const b = parseQuery("SELECT SUBSTRING('abc', 2, 1) FROM S3Object").items![0]!.expr;
    const withoutPositions = (e: unknown) =>
      JSON.stringify(e, (key, value) => (key === 'line' || key === 'column' ? undefined : value));
    expect(withoutPositions(a)).toBe(withoutPositions(b));
  });

  it('ignores DECIMAL precision and scale in CAST', () => {
    expect(parseQuery('SELECT CAST(a AS DECIMAL(10, 2)) FROM S3Object').items![0]!.expr).toMatchObject({
      kind: 'cast',
      type: 'DECIMAL',
    });
  });

  it('points parse errors at the offending token', () => {
    const e = parseErrorOf('SELECT a\nFROM S3Object WHERE a = = 1');
    expect(e.code).toBe('ParseExpectedExpression');
    expect([e.line, e.column]).toEqual([2, 25]);
    expect(e.message).toMatch(/at line 2, column 25\.$/);
  });

  it('names AWS error codes for malformed queries', () => {
    expect(parseErrorOf('SELECT CAST a AS INT FROM S3Object').code).toBe('ParseExpectedLeftParenAfterCast');
    expect(parseErrorOf('SELECT CAST(a AS MONEY) FROM S3Object').code).toBe('ParseExpectedTypeName');
    expect(parseErrorOf('SELECT CASE END FROM S3Object').code).toBe('ParseExpectedWhenClause');
    expect(parseErrorOf('SELECT SUM(*) FROM S3Object').code).toBe('ParseUnsupportedCallWithStar');
    expect(parseErrorOf('SELECT COUNT(a, b) FROM S3Object').code).toBe('ParseNonUnaryAgregateFunctionCall');
    expect(parseErrorOf('SELECT DATE_ADD(week, 1, x) FROM S3Object').code).toBe('ParseExpectedDatePart');
    expect(parseErrorOf('SELECT a FROM S3Object s, S3Object t').code).toBe('UnsupportedSyntax');
    expect(parseErrorOf('SELECT DISTINCT a FROM S3Object').code).toBe('UnsupportedSyntax');
    expect(parseErrorOf('SELECT a FROM S3Object.a').code).toBe('UnsupportedSyntax');
    expect(parseErrorOf('SELECT a FROM mytable').code).toBe('InvalidDataSource');
    expect(parseErrorOf('SELECT ts FROM S3Object WHERE ts > `not-a-date`').code).toBe(
      'LexerInvalidIONLiteral',
    );
  });
});
