import { parseError } from '../errors.ts';
import { MISSING as MISSING_LITERAL } from '../values.ts';
import type { BinaryOp, Expr, PathStep } from './ast.ts';
import type { Token } from './lexer.ts';
import { parseCall, parseCase, parseCast } from './parse-special-forms.ts';
import { RESERVED_WORDS as RESERVED } from './reserved-words.ts';
import { parseTimestamp } from './timestamp.ts';
import { describe, pos, TokenStream } from './token-stream.ts';

/**
 * Expressions by recursive descent. Precedence, loosest first: OR, AND, NOT,
 * comparison/IS/LIKE/BETWEEN/IN, ||, + -, * / %, unary -
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-operators.html).
 */

const COMPARISON: Record<string, BinaryOp> = {
  '=': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

export class ExpressionParser extends TokenStream {
  bracketStep(): PathStep {
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

  dotStep(): PathStep {
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

  expr(): Expr {
    return this.or();
  }

  or(): Expr {
    let left = this.and();
    while (this.isKeyword('OR')) {
      const t = this.next();
      left = { kind: 'binary', op: 'OR', left, right: this.and(), ...pos(t) };
    }
    return left;
  }

  and(): Expr {
    let left = this.not();
    while (this.isKeyword('AND')) {
      const t = this.next();
      left = { kind: 'binary', op: 'AND', left, right: this.not(), ...pos(t) };
    }
    return left;
  }

  not(): Expr {
    if (this.isKeyword('NOT')) {
      const t = this.next();
      return { kind: 'unary', op: 'NOT', operand: this.not(), ...pos(t) };
    }
    return this.comparison();
  }

  comparison(): Expr {
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

  concat(): Expr {
    let left = this.additive();
    while (this.isOp('||')) {
      const t = this.next();
      left = { kind: 'binary', op: '||', left, right: this.additive(), ...pos(t) };
    }
    return left;
  }

  additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: this.multiplicative(), ...pos(t) };
    }
    return left;
  }

  multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const t = this.next();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: this.unary(), ...pos(t) };
    }
    return left;
  }

  unary(): Expr {
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
  postfix(base: Expr): Expr {
    if (base.kind !== 'path') return base;
    for (;;) {
      if (this.isOp('[')) base.steps.push(this.bracketStep());
      else if (this.isOp('.')) base.steps.push(this.dotStep());
      else return base;
    }
  }

  primary(): Expr {
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

  identStart(t: Token): Expr {
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
        return parseCase(this);
      case 'CAST':
        return parseCast(this);
    }
    if (this.peek(1).type === 'op' && this.peek(1).value === '(') return parseCall(this, t);
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

  exprList(close: string): Expr[] {
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
}
