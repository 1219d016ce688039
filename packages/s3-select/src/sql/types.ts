import type { SqlValue } from '../values.ts';

export type { SqlValue } from '../values.ts';

/** One input record as a reader hands it to the evaluator. */
export type SqlRecord =
  /** `header` maps column name → index when FileHeaderInfo is USE, else null. */
  | { kind: 'csv'; fields: string[]; header: Map<string, number> | null }
  /** One JSON document or line; Parquet rows arrive in this shape too. */
  | { kind: 'json'; value: unknown };

/** One column of an output record. `name` is the alias, the column name, or `_1`, `_2` … by position. */
export interface OutputColumn {
  name: string;
  value: SqlValue;
}

export interface CompiledQuery {
  /** The SELECT list has aggregates: call accumulate() for every record, then finish() once. */
  readonly aggregate: boolean;
  readonly limit: number | undefined;
  readonly selectsStar: boolean;
  /** Projects one record; undefined when the WHERE clause filters it out. */
  evaluate(record: SqlRecord): OutputColumn[] | undefined;
  accumulate(record: SqlRecord): void;
  finish(): OutputColumn[];
}

export interface CompileOptions {
  format: 'CSV' | 'JSON' | 'PARQUET';
}
