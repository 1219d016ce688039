import type { SqlValue } from '../values.ts';

/**
 * A compiled expression: a closure over the bound row (the CSV record, or the JSON value the FROM clause
 * selected) plus what the compiler knows of its type. `csv` marks a raw CSV field, which comparisons read
 * loosely; INT vs FLOAT matters to division because both are JS numbers.
 */
export type Fn = (row: unknown) => SqlValue;

export type StaticType = 'int' | 'float' | 'decimal' | 'string' | 'bool' | 'timestamp' | 'csv' | 'any';

export interface Compiled {
  fn: Fn;
  type: StaticType;
  /** Set when the value does not depend on the row, so it can be folded at compile time. */
  constant?: boolean;
}
