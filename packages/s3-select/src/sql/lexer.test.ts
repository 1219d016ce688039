import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import { tokenize } from './lexer.ts';

function codeOf(fn: () => unknown): SelectError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SelectError) return e;
    throw e;
  }
  throw new Error('expected a SelectError');
}

describe('tokenize', () => {
  it('reports 1-based line and column for every token', () => {
    const tokens = tokenize('SELECT a\n  FROM S3Object');
    expect(tokens.map((t) => [t.value, t.line, t.column])).toEqual([
      ['SELECT', 1, 1],
      ['a', 1, 8],
      ['FROM', 2, 3],
      ['S3Object', 2, 8],
      ['', 2, 16],
    ]);
  });

  it('unescapes doubled quotes in strings and quoted names', () => {
    const [s, q] = tokenize(`'it''s' "say ""hi"""`);
    expect(s).toMatchObject({ type: 'string', value: "it's" });
    expect(q).toMatchObject({ type: 'quoted', value: 'say "hi"' });
  });

  it('reads two-character operators before one-character ones', () => {
    expect(
      tokenize('a<=b<>c!=d||e')
        .filter((t) => t.type === 'op')
        .map((t) => t.value),
    ).toEqual(['<=', '<>', '!=', '||']);
  });

  it('reads integer, decimal and exponent numbers', () => {
    expect(
      tokenize('1 2.5 .5 1e3 2E-2')
        .filter((t) => t.type === 'number')
        .map((t) => t.value),
    ).toEqual(['1', '2.5', '.5', '1e3', '2E-2']);
  });

  it('skips -- and /* */ comments but keeps counting lines', () => {
    const tokens = tokenize('SELECT -- note\n/* a\nb */ x');
    expect(tokens[1]).toMatchObject({ value: 'x', line: 3, column: 6 });
  });

  it('reads `…` as an Ion literal', () => {
    expect(tokenize('`2007T`')[0]).toMatchObject({ type: 'ion', value: '2007T' });
  });

  it('rejects an unterminated string with its start position', () => {
    const e = codeOf(() => tokenize("SELECT 'abc"));
    expect(e.code).toBe('LexerInvalidLiteral');
    expect([e.line, e.column]).toEqual([1, 8]);
    expect(e.message).toMatch(/line 1, column 8/);
  });

  it('rejects characters and operators S3 does not know', () => {
    expect(codeOf(() => tokenize('a # b')).code).toBe('LexerInvalidChar');
    expect(codeOf(() => tokenize('a ^ b')).code).toBe('LexerInvalidOperator');
    expect(codeOf(() => tokenize('12abc')).code).toBe('LexerInvalidLiteral');
  });

  it('rejects an expression over 256 KB with ExpressionTooLong', () => {
    expect(codeOf(() => tokenize(`SELECT '${'é'.repeat(130 * 1024)}'`)).code).toBe('ExpressionTooLong');
    expect(() => tokenize(`SELECT '${'x'.repeat(200 * 1024)}'`)).not.toThrow();
  });
});
