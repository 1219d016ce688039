import { parseError } from '../errors.ts';
import type { Expr, PathStep, Query, SelectItem } from './ast.ts';
import { tokenize } from './lexer.ts';
import { ExpressionParser } from './parse-expression.ts';

/**
 * Parses a whole S3 Select statement: SELECT list, FROM S3Object[path] [AS alias], WHERE, LIMIT
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-select.html).
 */
export function parseQuery(expression: string): Query {
  return new QueryParser(tokenize(expression)).query();
}

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

class QueryParser extends ExpressionParser {
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
}
