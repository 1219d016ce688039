import { SelectError } from '../errors.ts';
import { MISSING, type SqlValue } from '../values.ts';
import { type Accumulator, createAccumulator } from './aggregates.ts';
import type { Expr, PathStep, Query } from './ast.ts';
import { isStruct } from './coerce.ts';
import { compileExpr, type ExprContext } from './compile-expr.ts';
import { compileFromPath } from './compile-path.ts';
import type { Fn } from './compiled.ts';
import { parseQuery } from './parser.ts';
import type { CompiledQuery, CompileOptions, OutputColumn, SqlRecord } from './types.ts';

type CsvRecord = Extract<SqlRecord, { kind: 'csv' }>;

/** Parses and compiles an S3 Select expression once; the result evaluates records with closures only. */
export function compileQuery(expression: string, options: CompileOptions): CompiledQuery {
  const query = parseQuery(expression);
  return new QueryPlan(query, options);
}

class QueryPlan implements CompiledQuery {
  readonly aggregate: boolean;
  readonly limit: number | undefined;
  readonly selectsStar: boolean;
  readonly unnests: boolean;
  private readonly where: Fn | undefined;
  private readonly columns: { name: string; fn: Fn }[];
  private readonly accumulators: { acc: Accumulator; arg: Fn | undefined }[] = [];
  private readonly bind: (record: SqlRecord) => unknown[];
  /** The one row of a record when the FROM path does not unnest. */
  private readonly single: (record: SqlRecord) => unknown;
  private readonly csv: boolean;
  private starHeader: Map<string, number> | null | undefined;
  private starNames: string[] = [];

  constructor(query: Query, options: CompileOptions) {
    this.csv = options.format === 'CSV';
    if (this.csv && query.from.length > 1) {
      throw new SelectError(
        'UnsupportedSyntax',
        'FROM S3Object[*].path works only on JSON and Parquet objects; CSV rows are read whole',
      );
    }
    const alias = query.alias ?? defaultAlias(query.from);
    const ctx: ExprContext = { format: options.format, alias };
    this.limit = query.limit;
    this.selectsStar = query.items === undefined;
    const from = compileFromPath(query.from);
    this.unnests = from.unnests;
    this.bind = this.csv ? (r) => [r] : (r) => from.expand((r as { value: SqlValue }).value);
    this.single = query.from.length <= 1 ? (r) => (r as { value: unknown }).value : (r) => this.bind(r)[0];
    this.where = query.where ? compileExpr(query.where, ctx).fn : undefined;

    const items = query.items ?? [];
    this.aggregate = items.some((item) => containsAggregate(item.expr));
    if (this.aggregate) checkNoBareColumns(items.map((i) => i.expr));
    const itemCtx: ExprContext = this.aggregate
      ? {
          ...ctx,
          aggregate: (node) => {
            const arg = node.arg ? compileExpr(node.arg, ctx) : undefined;
            const acc = createAccumulator(node.name, arg?.type ?? 'int');
            this.accumulators.push({ acc, arg: arg?.fn });
            return { fn: () => acc.result(), type: 'any' };
          },
        }
      : ctx;
    this.columns = items.map((item, i) => ({
      name: item.alias ?? outputName(item.expr, alias) ?? `_${i + 1}`,
      fn: compileExpr(item.expr, itemCtx).fn,
    }));
  }

  matches(record: SqlRecord): boolean {
    const where = this.where;
    if (!where) return true;
    if (this.csv) return where(record) === true;
    return this.bind(record).some((row) => where(row) === true);
  }

  evaluate(record: SqlRecord): OutputColumn[] | undefined {
    const row = this.csv ? record : this.single(record);
    if (this.where && this.where(row) !== true) return undefined;
    return this.project(row);
  }

  evaluateAll(record: SqlRecord): OutputColumn[][] {
    if (!this.unnests) {
      const one = this.evaluate(record);
      return one ? [one] : [];
    }
    const out: OutputColumn[][] = [];
    for (const row of this.bind(record)) {
      if (this.where && this.where(row) !== true) continue;
      out.push(this.project(row));
    }
    return out;
  }

  accumulate(record: SqlRecord): void {
    if (this.csv) this.accumulateRow(record);
    else for (const row of this.bind(record)) this.accumulateRow(row);
  }

  private accumulateRow(row: unknown): void {
    if (this.where && this.where(row) !== true) return;
    const accumulators = this.accumulators;
    for (let i = 0; i < accumulators.length; i++) {
      const { acc, arg } = accumulators[i]!;
      acc.add(arg ? arg(row) : true);
    }
  }

  finish(): OutputColumn[] {
    return this.columns.map((c) => ({ name: c.name, value: c.fn(undefined) }));
  }

  private project(row: unknown): OutputColumn[] {
    if (!this.selectsStar) {
      const cols = this.columns;
      const out = new Array<OutputColumn>(cols.length);
      for (let i = 0; i < cols.length; i++) out[i] = { name: cols[i]!.name, value: cols[i]!.fn(row) };
      return out;
    }
    if (this.csv) return this.csvStar(row as CsvRecord);
    const value = row as SqlValue;
    if (value === MISSING) return [];
    if (isStruct(value)) return Object.keys(value).map((name) => ({ name, value: value[name] as SqlValue }));
    return [{ name: '_1', value }];
  }

  /** `SELECT *` on CSV: the fields as they are, named by the header (or _1, _2, … without one). */
  private csvStar(record: CsvRecord): OutputColumn[] {
    if (record.header !== this.starHeader) {
      this.starHeader = record.header;
      this.starNames = [];
      if (record.header) for (const [name, index] of record.header) this.starNames[index] = name;
    }
    const fields = record.fields;
    const out = new Array<OutputColumn>(fields.length);
    for (let i = 0; i < fields.length; i++)
      out[i] = { name: this.starNames[i] ?? `_${i + 1}`, value: fields[i]! };
    return out;
  }
}

/** Without an alias the row is named by the FROM path's last name (FROM S3Object[*].books[*].price → price). */
function defaultAlias(from: PathStep[]): string {
  const last = from[from.length - 1];
  return last?.kind === 'name' ? last.name : 'S3Object';
}

/** A column reference is named by its last attribute (s.projects[0].project_name → project_name). */
function outputName(expr: Expr, alias: string): string | undefined {
  if (expr.kind !== 'path') return undefined;
  const last = expr.steps[expr.steps.length - 1];
  if (last?.kind !== 'name') return undefined;
  return expr.steps.length === 1 || last.name !== alias ? last.name : undefined;
}

function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'like':
      return e.escape ? [e.value, e.pattern, e.escape] : [e.value, e.pattern];
    case 'between':
      return [e.value, e.low, e.high];
    case 'in':
      return [e.value, ...e.list];
    case 'is':
      return [e.value];
    case 'case':
      return [
        ...(e.subject ? [e.subject] : []),
        ...e.whens.flatMap((w) => [w.when, w.result]),
        ...(e.otherwise ? [e.otherwise] : []),
      ];
    case 'cast':
      return [e.value];
    case 'call':
      return e.args;
    case 'list':
      return e.items;
    case 'trim':
      return e.chars ? [e.chars, e.value] : [e.value];
    case 'aggregate':
      return e.arg ? [e.arg] : [];
    default:
      return [];
  }
}

function containsAggregate(e: Expr): boolean {
  return e.kind === 'aggregate' || children(e).some(containsAggregate);
}

/**
 * With no GROUP BY, a SELECT list that aggregates may not also read columns outside an aggregate, and
 * aggregates do not nest.
 */
function checkNoBareColumns(items: Expr[]): void {
  const visit = (e: Expr, inAggregate: boolean): void => {
    if (e.kind === 'path' && !inAggregate) {
      throw new SelectError(
        'UnsupportedSqlStructure',
        `The SELECT list mixes aggregate functions with a plain column (line ${e.line}, column ${e.column}); S3 Select has no GROUP BY, so aggregate every column or none`,
        e,
      );
    }
    if (e.kind === 'aggregate' && inAggregate) {
      throw new SelectError('UnsupportedSqlStructure', 'Aggregate functions cannot be nested', e);
    }
    for (const c of children(e)) visit(c, inAggregate || e.kind === 'aggregate');
  };
  for (const item of items) visit(item, false);
}
