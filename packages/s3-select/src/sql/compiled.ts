import type { SqlValue } from '../values.ts';

/**
 * A compiled expression: a closure over the bound row (the CSV record, or the JSON value the FROM clause
 * selected) plus what the compiler knows of its type: a CSV field is a `string`; INT vs FLOAT matters to
 * division because both are JS numbers.
 */
export type Fn = (row: unknown) => SqlValue;

export type StaticType = 'int' | 'float' | 'decimal' | 'string' | 'bool' | 'timestamp' | 'any';

export interface Compiled {
  fn: Fn;
  type: StaticType;
  /** Set when the value does not depend on the row, so it can be folded at compile time. */
  constant?: boolean;
}
