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
  /**
   * The FROM path has a wildcard after S3Object[*] (FROM S3Object[*].items[*]): one JSON document yields
   * several rows, so call evaluateAll() instead of evaluate().
   */
  readonly unnests: boolean;
  /** Projects one record; undefined when the WHERE clause filters it out. */
  evaluate(record: SqlRecord): OutputColumn[] | undefined;
  /** Every output row one record yields (several when `unnests`), WHERE applied. */
  evaluateAll(record: SqlRecord): OutputColumn[][];
  /**
   * WHERE alone: lets a writer copy a CSV record through unchanged for `SELECT *` without building
   * OutputColumn objects (the fast path of `SELECT * … WHERE …`).
   */
  matches(record: SqlRecord): boolean;
  accumulate(record: SqlRecord): void;
  finish(): OutputColumn[];
}

export interface CompileOptions {
  format: 'CSV' | 'JSON' | 'PARQUET';
}
