import type { SqlValue } from '../values.ts';

/** Where a node starts in the expression, for errors raised after parsing. */
export interface Pos {
  line: number;
  column: number;
}

/** One step of a path: `.name`, `."Name"`, `['name']`, `[0]`, `[*]` or `.*`. */
export type PathStep =
  | { kind: 'name'; name: string; quoted: boolean }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' };

export type CastType = 'INT' | 'FLOAT' | 'DECIMAL' | 'STRING' | 'BOOL' | 'TIMESTAMP';

export type DatePart =
  | 'year'
  | 'month'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'timezone_hour'
  | 'timezone_minute';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '||'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'AND'
  | 'OR';

export type AggregateName = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

/** The literal's SQL type, which arithmetic needs because INT and FLOAT are both JS numbers. */
export type NumericKind = 'int' | 'float' | 'decimal';

export type Expr = Pos &
  (
    | { kind: 'literal'; value: SqlValue; numeric?: NumericKind }
    | { kind: 'path'; steps: PathStep[] }
    | { kind: 'list'; items: Expr[] }
    | { kind: 'unary'; op: '-' | '+' | 'NOT'; operand: Expr }
    | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
    | { kind: 'like'; value: Expr; pattern: Expr; escape: Expr | undefined; negated: boolean }
    | { kind: 'between'; value: Expr; low: Expr; high: Expr; negated: boolean }
    | { kind: 'in'; value: Expr; list: Expr[]; negated: boolean }
    | { kind: 'is'; value: Expr; test: 'NULL' | 'MISSING' | 'TRUE' | 'FALSE'; negated: boolean }
    | {
        kind: 'case';
        subject: Expr | undefined;
        whens: { when: Expr; result: Expr }[];
        otherwise: Expr | undefined;
      }
    | { kind: 'cast'; value: Expr; type: CastType }
    | { kind: 'call'; name: string; args: Expr[] }
    | { kind: 'datePart'; part: DatePart }
    | { kind: 'trim'; where: 'LEADING' | 'TRAILING' | 'BOTH'; chars: Expr | undefined; value: Expr }
    | { kind: 'aggregate'; name: AggregateName; arg: Expr | undefined /* undefined = COUNT(*) */ }
  );

export interface SelectItem {
  expr: Expr;
  alias: string | undefined;
}

export interface Query {
  /** undefined = `SELECT *`. */
  items: SelectItem[] | undefined;
  /** Steps after `S3Object` in the FROM clause (`S3Object[*].a.b` → [wildcard, a, b]). */
  from: PathStep[];
  alias: string | undefined;
  where: Expr | undefined;
  limit: number | undefined;
}
