import { parseError } from '../errors.ts';
import type { Pos } from './ast.ts';
import type { Token } from './lexer.ts';
import { RESERVED_WORDS as RESERVED } from './reserved-words.ts';

/** Cursor over the tokens with the look-ahead and expect helpers every parsing step shares. */
export class TokenStream {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  isKeyword(word: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.upper === word;
  }

  isOp(op: string): boolean {
    const t = this.peek();
    return t.type === 'op' && t.value === op;
  }

  /** A name that can start an alias: quoted, or an unquoted word that is not a keyword. */
  peekIsName(): boolean {
    const t = this.peek();
    return t.type === 'quoted' || (t.type === 'ident' && !RESERVED.has(t.upper));
  }

  identifier(code: string): string {
    const t = this.next();
    if (t.type === 'quoted' || (t.type === 'ident' && !RESERVED.has(t.upper))) return t.value;
    throw parseError(code, `Expected a name but found ${describe(t)}`, t.line, t.column);
  }

  expectKeyword(word: string): void {
    const t = this.next();
    if (t.type !== 'ident' || t.upper !== word) {
      throw parseError(
        'ParseExpectedKeyword',
        `Expected keyword ${word} but found ${describe(t)}`,
        t.line,
        t.column,
      );
    }
  }

  expectOp(op: string): void {
    const t = this.next();
    if (t.type !== 'op' || t.value !== op) {
      throw parseError('ParseExpectedTokenType', `Expected ${op} but found ${describe(t)}`, t.line, t.column);
    }
  }

  expectArgumentDelimiter(): void {
    const t = this.next();
    if (t.type !== 'op' || t.value !== ',') {
      throw parseError(
        'ParseExpectedArgumentDelimiter',
        `Expected , between arguments but found ${describe(t)}`,
        t.line,
        t.column,
      );
    }
  }

  reservedAsName(t: Token) {
    return parseError(
      'ParseUnexpectedKeyword',
      `Unexpected keyword ${t.value}; put it in double quotes ("${t.value}") to use it as a name`,
      t.line,
      t.column,
    );
  }

  unexpected(t: Token) {
    return parseError('ParseUnexpectedToken', `Unexpected token found ${describe(t)}`, t.line, t.column);
  }

  unsupported(t: Token, what: string): never {
    throw parseError('UnsupportedSyntax', `${what} is not supported by S3 Select`, t.line, t.column);
  }
}

export function pos(t: Token): Pos {
  return { line: t.line, column: t.column };
}

/** Names a token the way S3's parse errors do: `KEYWORD:from`, `LITERAL:5`, `OPERATOR:=`. */
export function describe(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'EOF';
    case 'ident':
      return RESERVED.has(t.upper) ? `KEYWORD:${t.value.toLowerCase()}` : `IDENTIFIER:${t.value}`;
    case 'quoted':
      return `QUOTED_IDENTIFIER:${t.value}`;
    case 'number':
    case 'string':
    case 'ion':
      return `LITERAL:${t.value}`;
    case 'op':
      return `OPERATOR:${t.value}`;
  }
}
