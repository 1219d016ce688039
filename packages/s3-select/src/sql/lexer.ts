import { parseError, SelectError } from '../errors.ts';

/**
 * Splits an S3 Select expression into tokens, each with the 1-based line and column S3 reports in its
 * parse errors. Keywords are not decided here: an unquoted word is an `ident`, and the parser compares its
 * upper-case form, which keeps keywords case-insensitive without a table in two places.
 */
export type TokenType =
  | 'ident' // unquoted word: keyword or case-insensitive name
  | 'quoted' // "Name": case-sensitive name
  | 'string' // 'text'
  | 'number'
  | 'ion' // `2007-04-05T14:30Z` Ion literal
  | 'op' // punctuation and operators
  | 'eof';

export interface Token {
  type: TokenType;
  /** Source text for ident/number/op; the unescaped content for string/quoted/ion. */
  value: string;
  /** Upper-case value of an ident, for keyword checks. */
  upper: string;
  line: number;
  column: number;
}

/** S3 rejects expressions over 256 KB (ExpressionTooLong). */
export const MAX_EXPRESSION_BYTES = 256 * 1024;

const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=', '||']);
const ONE_CHAR_OPS = new Set(['(', ')', '[', ']', ',', '.', '*', '+', '-', '/', '%', '=', '<', '>']);

export function tokenize(expression: string): Token[] {
  if (Buffer.byteLength(expression, 'utf8') > MAX_EXPRESSION_BYTES) {
    throw new SelectError(
      'ExpressionTooLong',
      `The SQL expression is too long: the maximum byte-length is ${MAX_EXPRESSION_BYTES} bytes. Shorten the expression.`,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = expression.length;

  const push = (type: TokenType, value: string, startLine: number, startCol: number) => {
    tokens.push({
      type,
      value,
      upper: type === 'ident' ? value.toUpperCase() : '',
      line: startLine,
      column: startCol,
    });
  };

  while (i < n) {
    const c = expression[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const col = i - lineStart + 1;
    // SQL comments: `-- to end of line` and `/* block */`.
    if (c === '-' && expression[i + 1] === '-') {
      while (i < n && expression[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && expression[i + 1] === '*') {
      const end = expression.indexOf('*/', i + 2);
      if (end < 0) throw parseError('LexerInvalidChar', 'Unterminated comment', line, col);
      for (let k = i; k < end; k++) {
        if (expression[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = end + 2;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(expression[j]!)) j++;
      push('ident', expression.slice(i, j), line, col);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(expression[i + 1] ?? ''))) {
      let j = i;
      while (j < n && isDigit(expression[j]!)) j++;
      if (expression[j] === '.') {
        j++;
        while (j < n && isDigit(expression[j]!)) j++;
      }
      if (expression[j] === 'e' || expression[j] === 'E') {
        let k = j + 1;
        if (expression[k] === '+' || expression[k] === '-') k++;
        if (!isDigit(expression[k] ?? '')) {
          throw parseError(
            'LexerInvalidLiteral',
            `Invalid number literal ${expression.slice(i, k)}`,
            line,
            col,
          );
        }
        while (k < n && isDigit(expression[k]!)) k++;
        j = k;
      }
      if (j < n && isIdentStart(expression[j]!)) {
        throw parseError(
          'LexerInvalidLiteral',
          `Invalid number literal ${expression.slice(i, j + 1)}`,
          line,
          col,
        );
      }
      push('number', expression.slice(i, j), line, col);
      i = j;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const { text, end } = readQuoted(expression, i, c, line, col);
      push(c === "'" ? 'string' : c === '"' ? 'quoted' : 'ion', text, line, col);
      for (let k = i; k < end; k++) {
        if (expression[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = end;
      continue;
    }
    const two = expression.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      push('op', two, line, col);
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      push('op', c, line, col);
      i++;
      continue;
    }
    if (c === '!' || c === '|' || c === '^' || c === '&' || c === '~') {
      throw parseError('LexerInvalidOperator', `Invalid operator ${c}`, line, col);
    }
    throw parseError('LexerInvalidChar', `Invalid character ${JSON.stringify(c)}`, line, col);
  }
  tokens.push({ type: 'eof', value: '', upper: '', line, column: i - lineStart + 1 });
  return tokens;
}

/** Reads a quoted token where a doubled quote stands for one quote character ('it''s'). */
function readQuoted(
  src: string,
  start: number,
  quote: string,
  line: number,
  col: number,
): { text: string; end: number } {
  let text = '';
  let i = start + 1;
  for (;;) {
    const next = src.indexOf(quote, i);
    if (next < 0) {
      const code = quote === '`' ? 'LexerInvalidIONLiteral' : 'LexerInvalidLiteral';
      throw parseError(code, `Unterminated ${quote === "'" ? 'string' : 'quoted'} literal`, line, col);
    }
    text += src.slice(i, next);
    if (quote !== '`' && src[next + 1] === quote) {
      text += quote;
      i = next + 2;
      continue;
    }
    return { text, end: next + 1 };
  }
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}
