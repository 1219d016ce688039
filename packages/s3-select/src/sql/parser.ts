import { parseError } from '../errors.ts';
import { MISSING as MISSING_LITERAL } from '../values.ts';
import type {
  AggregateName,
  BinaryOp,
  CastType,
  DatePart,
  Expr,
  PathStep,
  Pos,
  Query,
  SelectItem,
} from './ast.ts';
import { type Token, tokenize } from './lexer.ts';
import { RESERVED_WORDS as RESERVED } from './reserved-words.ts';
import { parseTimestamp } from './timestamp.ts';

/**
 * Recursive-descent parser for the S3 Select dialect
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-select.html).
 * Precedence, loosest first: OR, AND, NOT, comparison/IS/LIKE/BETWEEN/IN, ||, + -, * / %, unary -.
 */

/** Clauses S3 Select does not support at all: a clear UnsupportedSyntax beats a confusing token error. */
const UNSUPPORTED_CLAUSES = new Set([
  'GROUP',
  'ORDER',
  'HAVING',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'OFFSET',
  'JOIN',
]);
const JOIN_WORDS = new Set(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'OUTER', 'CROSS']);

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

const COMPARISON: Record<string, BinaryOp> = {
  '=': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

export function parseQuery(expression: string): Query {
  return new Parser(tokenize(expression)).query();
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  query(): Query {
    this.expectKeyword('SELECT');
    if (this.isKeyword('DISTINCT')) this.unsupported(this.peek(), 'SELECT DISTINCT');
    const items = this.selectList();
    if (!this.isKeyword('FROM')) {
      const t = this.peek();
      if (t.type === 'eof')
        throw parseError('ParseSelectMissingFrom', 'The SELECT has no FROM clause', t.line, t.column);
      throw this.unexpected(t);
    }
    this.next();
    const { steps, alias } = this.fromClause();
    let where: Expr | undefined;
    if (this.isKeyword('WHERE')) {
      this.next();
      where = this.expr();
    }
    let limit: number | undefined;
    if (this.isKeyword('LIMIT')) {
      this.next();
      const t = this.next();
      if (t.type === 'op' && t.value === '-') {
        throw parseError('EvaluatorNegativeLimit', 'LIMIT must not be negative', t.line, t.column);
      }
      if (t.type !== 'number' || !/^\d+$/.test(t.value)) {
        throw parseError('ParseExpectedNumber', 'LIMIT takes a whole number', t.line, t.column);
      }
      limit = Number(t.value);
    }
    const t = this.peek();
    if (t.type === 'ident' && UNSUPPORTED_CLAUSES.has(t.upper))
      this.unsupported(t, t.upper === 'GROUP' || t.upper === 'ORDER' ? `${t.upper} BY` : t.upper);
    if (t.type !== 'eof') throw this.unexpected(t);
    return { items, from: steps, alias, where, limit };
  }

  private selectList(): SelectItem[] | undefined {
    const first = this.peek();
    if (first.type === 'ident' && first.upper === 'FROM') {
      throw parseError('ParseEmptySelect', 'The SELECT list is empty', first.line, first.column);
    }
    const items: SelectItem[] = [];
    let star = false;
    for (;;) {
      const t = this.peek();
      if (t.type === 'op' && t.value === '*') {
        this.next();
        star = true;
      } else if (this.isAliasStar()) {
        this.next();
        this.next();
        this.next();
        star = true;
      } else {
        const expr = this.expr();
        let alias: string | undefined;
        if (this.isKeyword('AS')) {
          this.next();
          alias = this.identifier('ParseExpectedIdentForAlias');
        } else if (this.peekIsName()) {
          alias = this.identifier('ParseExpectedIdentForAlias');
        }
        items.push({ expr, alias });
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    if (star && items.length > 0) {
      throw parseError(
        'ParseAsteriskIsNotAloneInSelectList',
        'Other expressions are not allowed in the SELECT list when * is used',
        first.line,
        first.column,
      );
    }
    return star ? undefined : items;
  }

  /** `alias.*` in the SELECT list means the same as `*`. */
  private isAliasStar(): boolean {
    const [a, b, c] = [this.peek(), this.peek(1), this.peek(2)];
    return (
      (a.type === 'ident' || a.type === 'quoted') && b.value === '.' && b.type === 'op' && c.value === '*'
    );
  }

  private fromClause(): { steps: PathStep[]; alias: string | undefined } {
    const t = this.next();
    if (!((t.type === 'ident' || t.type === 'quoted') && t.value.toUpperCase() === 'S3OBJECT')) {
      throw parseError(
        'InvalidDataSource',
        `Unknown data source ${t.value}: the FROM clause reads S3Object`,
        t.line,
        t.column,
      );
    }
    const steps: PathStep[] = [];
    for (;;) {
      if (this.isOp('[')) steps.push(this.bracketStep());
      else if (this.isOp('.')) steps.push(this.dotStep());
      else break;
    }
    if (steps.length > 0 && steps[0]!.kind !== 'wildcard') {
      throw parseError(
        'UnsupportedSyntax',
        'A FROM path must start with S3Object[*], for example FROM S3Object[*].items[*]',
        t.line,
        t.column,
      );
    }
    let alias: string | undefined;
    if (this.isKeyword('AS')) {
      this.next();
      alias = this.identifier('ParseExpectedIdentForAlias');
    } else if (this.peekIsName()) {
      alias = this.identifier('ParseExpectedIdentForAlias');
    }
    const after = this.peek();
    if (
      (after.type === 'op' && after.value === ',') ||
      (after.type === 'ident' && JOIN_WORDS.has(after.upper))
    ) {
      this.unsupported(after, 'JOIN');
    }
    return { steps, alias };
  }

  private bracketStep(): PathStep {
    this.next();
    const t = this.next();
    let step: PathStep;
    if (t.type === 'op' && t.value === '*') step = { kind: 'wildcard' };
    else if (t.type === 'number' && /^\d+$/.test(t.value)) step = { kind: 'index', index: Number(t.value) };
    else if (t.type === 'string') step = { kind: 'name', name: t.value, quoted: true };
    else throw this.unexpected(t);
    this.expectOp(']');
    return step;
  }

  private dotStep(): PathStep {
    this.next();
    const t = this.peek();
    if (t.type === 'op' && t.value === '*') {
      this.next();
      return { kind: 'wildcard' };
    }
    if (t.type === 'ident' && RESERVED.has(t.upper)) throw this.reservedAsName(t);
    const quoted = t.type === 'quoted';
    return { kind: 'name', name: this.identifier('ParseExpectedMember'), quoted };
  }

  // ---- expressions, loosest binding first ----

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.isKeyword('OR')) {
      const t = this.next();
      left = { kind: 'binary', op: 'OR', left, right: this.and(), ...pos(t) };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKeyword('AND')) {
      const t = this.next();
      left = { kind: 'binary', op: 'AND', left, right: this.not(), ...pos(t) };
    }
    return left;
  }

  private not(): Expr {
    if (this.isKeyword('NOT')) {
      const t = this.next();
      return { kind: 'unary', op: 'NOT', operand: this.not(), ...pos(t) };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.concat();
    const t = this.peek();
    if (t.type === 'op' && COMPARISON[t.value]) {
      this.next();
      return { kind: 'binary', op: COMPARISON[t.value]!, left, right: this.concat(), ...pos(t) };
    }
    if (t.type !== 'ident') return left;
    if (t.upper === 'IS') {
      this.next();
      const negated = this.isKeyword('NOT');
      if (negated) this.next();
      const what = this.next();
      const test = what.type === 'ident' ? what.upper : '';
      if (test !== 'NULL' && test !== 'MISSING' && test !== 'TRUE' && test !== 'FALSE') {
        throw parseError(
          'ParseExpectedKeyword',
          'IS must be followed by NULL or MISSING',
          what.line,
          what.column,
        );
      }
      return { kind: 'is', value: left, test, negated, ...pos(t) };
    }
    let negated = false;
    if (t.upper === 'NOT') {
      const after = this.peek(1);
      if (
        after.type === 'ident' &&
        (after.upper === 'LIKE' || after.upper === 'BETWEEN' || after.upper === 'IN')
      ) {
        this.next();
        negated = true;
      } else {
        return left;
      }
    }
    const op = this.peek();
    if (op.upper === 'LIKE') {
      this.next();
      const pattern = this.concat();
      let escapeChar: Expr | undefined;
      if (this.isKeyword('ESCAPE')) {
        this.next();
        escapeChar = this.concat();
      }
      return { kind: 'like', value: left, pattern, escape: escapeChar, negated, ...pos(op) };
    }
    if (op.upper === 'BETWEEN') {
      this.next();
      const low = this.concat();
      this.expectKeyword('AND');
      const high = this.concat();
      return { kind: 'between', value: left, low, high, negated, ...pos(op) };
    }
    if (op.upper === 'IN') {
      this.next();
      this.expectOp('(');
      const list = this.exprList(')');
      return { kind: 'in', value: left, list, negated, ...pos(op) };
    }
    return left;
  }

  private concat(): Expr {
    let left = this.additive();
    while (this.isOp('||')) {
      const t = this.next();
      left = { kind: 'binary', op: '||', left, right: this.additive(), ...pos(t) };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: this.multiplicative(), ...pos(t) };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const t = this.next();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: this.unary(), ...pos(t) };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const t = this.next();
      const operand = this.unary();
      if (operand.kind === 'literal' && typeof operand.value === 'number') {
        return t.value === '-' ? { ...operand, value: -operand.value, ...pos(t) } : operand;
      }
      return { kind: 'unary', op: t.value as '-' | '+', operand, ...pos(t) };
    }
    return this.postfix(this.primary());
  }

  /** Path steps after a parenthesised expression or a function result: `(x).a[0]`. */
  private postfix(base: Expr): Expr {
    if (base.kind !== 'path') return base;
    for (;;) {
      if (this.isOp('[')) base.steps.push(this.bracketStep());
      else if (this.isOp('.')) base.steps.push(this.dotStep());
      else return base;
    }
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.type) {
      case 'number': {
        this.next();
        const isInt = /^\d+$/.test(t.value);
        const numeric = isInt ? 'int' : /[eE]/.test(t.value) ? 'float' : 'decimal';
        return { kind: 'literal', value: Number(t.value), numeric, ...pos(t) };
      }
      case 'string':
        this.next();
        return { kind: 'literal', value: t.value, ...pos(t) };
      case 'ion': {
        this.next();
        const ts = parseTimestamp(t.value.trim());
        if (!ts)
          throw parseError('LexerInvalidIONLiteral', `Invalid Ion literal \`${t.value}\``, t.line, t.column);
        return { kind: 'literal', value: ts, ...pos(t) };
      }
      case 'quoted':
        this.next();
        return { kind: 'path', steps: [{ kind: 'name', name: t.value, quoted: true }], ...pos(t) };
      case 'op':
        if (t.value === '(') {
          this.next();
          const inner = this.expr();
          this.expectOp(')');
          return inner;
        }
        if (t.value === '[') {
          // A list literal, as in the reference's NULLIF([1], [1]).
          this.next();
          if (this.isOp(']')) {
            this.next();
            return { kind: 'list', items: [], ...pos(t) };
          }
          return { kind: 'list', items: this.exprList(']'), ...pos(t) };
        }
        throw parseError(
          'ParseExpectedExpression',
          `Expected an expression but found ${describe(t)}`,
          t.line,
          t.column,
        );
      case 'eof':
        throw parseError(
          'ParseExpectedExpression',
          'Expected an expression but the query ended',
          t.line,
          t.column,
        );
      case 'ident':
        return this.identStart(t);
    }
  }

  private identStart(t: Token): Expr {
    switch (t.upper) {
      case 'NULL':
        this.next();
        return { kind: 'literal', value: null, ...pos(t) };
      case 'MISSING':
        this.next();
        return { kind: 'literal', value: MISSING_LITERAL, ...pos(t) };
      case 'TRUE':
      case 'FALSE':
        this.next();
        return { kind: 'literal', value: t.upper === 'TRUE', ...pos(t) };
      case 'CASE':
        return this.caseExpr();
      case 'CAST':
        return this.castExpr();
    }
    if (this.peek(1).type === 'op' && this.peek(1).value === '(') return this.call(t);
    if (RESERVED.has(t.upper)) {
      throw parseError(
        'ParseUnexpectedKeyword',
        `Unexpected keyword ${t.value}; put it in double quotes to use it as a name`,
        t.line,
        t.column,
      );
    }
    this.next();
    return { kind: 'path', steps: [{ kind: 'name', name: t.value, quoted: false }], ...pos(t) };
  }

  private caseExpr(): Expr {
    const start = this.next();
    const subject = this.isKeyword('WHEN') || this.isKeyword('END') ? undefined : this.expr();
    const whens: { when: Expr; result: Expr }[] = [];
    while (this.isKeyword('WHEN')) {
      this.next();
      const when = this.expr();
      this.expectKeyword('THEN');
      whens.push({ when, result: this.expr() });
    }
    if (whens.length === 0) {
      const t = this.peek();
      throw parseError('ParseExpectedWhenClause', 'CASE needs at least one WHEN … THEN …', t.line, t.column);
    }
    let otherwise: Expr | undefined;
    if (this.isKeyword('ELSE')) {
      this.next();
      otherwise = this.expr();
    }
    this.expectKeyword('END');
    return { kind: 'case', subject, whens, otherwise, ...pos(start) };
  }

  private castExpr(): Expr {
    const start = this.next();
    if (!this.isOp('(')) {
      const t = this.peek();
      throw parseError('ParseExpectedLeftParenAfterCast', 'CAST must be followed by (', t.line, t.column);
    }
    this.next();
    const value = this.expr();
    this.expectKeyword('AS');
    const typeToken = this.next();
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
    if (this.isOp('(')) {
      this.next();
      while (!this.isOp(')')) {
        const p = this.next();
        if (p.type !== 'number' && !(p.type === 'op' && p.value === ',')) {
          throw parseError('ParseInvalidTypeParam', `Invalid type parameter ${p.value}`, p.line, p.column);
        }
      }
      this.next();
    }
    this.expectOp(')');
    return { kind: 'cast', value, type, ...pos(start) };
  }

  private call(nameToken: Token): Expr {
    this.next();
    this.next(); // (
    const name = nameToken.upper;
    const at = pos(nameToken);
    if (AGGREGATES.has(name as AggregateName)) {
      if (this.isOp('*')) {
        const star = this.next();
        if (name !== 'COUNT') {
          throw parseError(
            'ParseUnsupportedCallWithStar',
            `${name}(*) is not supported; only COUNT(*) is`,
            star.line,
            star.column,
          );
        }
        this.expectOp(')');
        return { kind: 'aggregate', name: 'COUNT', arg: undefined, ...at };
      }
      const args = this.exprList(')');
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
        return this.trimArgs(at);
      case 'SUBSTRING':
        return this.substringArgs(at);
      case 'EXTRACT': {
        const part = this.datePart();
        this.expectKeyword('FROM');
        const value = this.expr();
        this.expectOp(')');
        return { kind: 'call', name, args: [part, value], ...at };
      }
      case 'DATE_ADD':
      case 'DATE_DIFF': {
        const part = this.datePart();
        this.expectArgumentDelimiter();
        const rest = this.exprList(')');
        return { kind: 'call', name, args: [part, ...rest], ...at };
      }
    }
    if (this.isOp(')')) {
      this.next();
      return { kind: 'call', name, args: [], ...at };
    }
    return { kind: 'call', name, args: this.exprList(')'), ...at };
  }

  private trimArgs(at: Pos): Expr {
    let where: 'LEADING' | 'TRAILING' | 'BOTH' = 'BOTH';
    let chars: Expr | undefined;
    const t = this.peek();
    if (t.type === 'ident' && (t.upper === 'LEADING' || t.upper === 'TRAILING' || t.upper === 'BOTH')) {
      this.next();
      where = t.upper;
      if (!this.isKeyword('FROM')) chars = this.expr();
      this.expectKeyword('FROM');
    } else if (!this.isKeyword('FROM')) {
      const first = this.expr();
      if (!this.isKeyword('FROM')) {
        this.expectOp(')');
        return { kind: 'trim', where, chars: undefined, value: first, ...at };
      }
      chars = first;
      this.next();
    } else {
      this.next();
    }
    const value = this.expr();
    this.expectOp(')');
    return { kind: 'trim', where, chars, value, ...at };
  }

  private substringArgs(at: Pos): Expr {
    const value = this.expr();
    const args = [value];
    if (this.isKeyword('FROM')) {
      this.next();
      args.push(this.expr());
      if (this.isKeyword('FOR')) {
        this.next();
        args.push(this.expr());
      }
      this.expectOp(')');
    } else {
      this.expectArgumentDelimiter();
      args.push(...this.exprList(')'));
    }
    return { kind: 'call', name: 'SUBSTRING', args, ...at };
  }

  private datePart(): Expr {
    const t = this.next();
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
  private exprList(close: string): Expr[] {
    const list = [this.expr()];
    for (;;) {
      if (this.isOp(close)) {
        this.next();
        return list;
      }
      this.expectArgumentDelimiter();
      list.push(this.expr());
    }
  }

  // ---- token helpers ----

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.upper === word;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.type === 'op' && t.value === op;
  }

  /** A name that can start an alias: quoted, or an unquoted word that is not a keyword. */
  private peekIsName(): boolean {
    const t = this.peek();
    return t.type === 'quoted' || (t.type === 'ident' && !RESERVED.has(t.upper));
  }

  private identifier(code: string): string {
    const t = this.next();
    if (t.type === 'quoted' || (t.type === 'ident' && !RESERVED.has(t.upper))) return t.value;
    throw parseError(code, `Expected a name but found ${describe(t)}`, t.line, t.column);
  }

  private expectKeyword(word: string): void {
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

  private expectOp(op: string): void {
    const t = this.next();
    if (t.type !== 'op' || t.value !== op) {
      throw parseError('ParseExpectedTokenType', `Expected ${op} but found ${describe(t)}`, t.line, t.column);
    }
  }

  private expectArgumentDelimiter(): void {
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

  private reservedAsName(t: Token) {
    return parseError(
      'ParseUnexpectedKeyword',
      `Unexpected keyword ${t.value}; put it in double quotes ("${t.value}") to use it as a name`,
      t.line,
      t.column,
    );
  }

  private unexpected(t: Token) {
    return parseError('ParseUnexpectedToken', `Unexpected token found ${describe(t)}`, t.line, t.column);
  }

  private unsupported(t: Token, what: string): never {
    throw parseError('UnsupportedSyntax', `${what} is not supported by S3 Select`, t.line, t.column);
  }
}

function pos(t: Token): Pos {
  return { line: t.line, column: t.column };
}

/** Names a token the way S3's parse errors do: `KEYWORD:from`, `LITERAL:5`, `OPERATOR:=`. */
function describe(t: Token): string {
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
