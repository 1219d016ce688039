import { SelectError } from '../errors.ts';
import { MISSING, type SqlValue } from '../values.ts';
import type { PathStep, Pos } from './ast.ts';
import { isStruct } from './coerce.ts';
import type { Compiled, Fn } from './compiled.ts';
import type { SqlRecord } from './types.ts';

type CsvRecord = Extract<SqlRecord, { kind: 'csv' }>;

export interface RowBinding {
  format: 'CSV' | 'JSON' | 'PARQUET';
  /** The row's alias: `s` in `FROM S3Object s`, else the last name of the FROM path, else S3Object. */
  alias: string;
}

const POSITIONAL = /^_(\d+)$/;

/**
 * Compiles a column reference. CSV: `_N` by position, other names through the header, resolved once per
 * header map (readers hand the same Map to every record) instead of per row. JSON: field and index steps.
 */
export function compilePath(steps: PathStep[], binding: RowBinding, at: Pos): Compiled {
  let rest = steps;
  const first = steps[0];
  if (first?.kind === 'name' && sameName(first.name, binding.alias, first.quoted)) rest = steps.slice(1);
  if (binding.format === 'CSV') return { fn: csvPath(rest, at), type: rest.length === 1 ? 'string' : 'any' };
  const head = rest[0];
  // `_1` names the row itself when the FROM path ends in a wildcard (SELECT _1.price FROM S3Object[*].books[*]).
  if (head?.kind === 'name' && !head.quoted && head.name === '_1') rest = rest.slice(1);
  return { fn: jsonPath(rest, at), type: 'any' };
}

function sameName(name: string, alias: string, quoted: boolean): boolean {
  return quoted ? name === alias : name.toLowerCase() === alias.toLowerCase();
}

function csvPath(steps: PathStep[], at: Pos): Fn {
  if (steps.length === 0) return (row) => (row as CsvRecord).fields;
  const column = steps[0]!;
  if (column.kind !== 'name') {
    throw new SelectError(
      'InvalidColumnIndex',
      'CSV columns are named _1, _2, … or by header name, not by [index]',
      at,
    );
  }
  const field = csvColumn(column.name, column.quoted, at);
  // A CSV field is a string: any further step (s.a.b) names nothing.
  return steps.length === 1 ? field : () => MISSING;
}

function csvColumn(name: string, quoted: boolean, at: Pos): Fn {
  const positional = POSITIONAL.exec(name);
  if (positional && !quoted) {
    const index = Number(positional[1]) - 1;
    if (index < 0) {
      throw new SelectError(
        'InvalidColumnIndex',
        `Column index ${name} is invalid: columns are numbered from _1`,
        at,
      );
    }
    return (row) => {
      const fields = (row as CsvRecord).fields;
      return index < fields.length ? fields[index]! : MISSING;
    };
  }
  let header: Map<string, number> | null | undefined;
  let index = -1;
  return (row) => {
    const record = row as CsvRecord;
    if (record.header !== header) {
      header = record.header;
      index = resolveHeader(header, name, quoted, at);
    }
    const fields = record.fields;
    return index < fields.length ? fields[index]! : MISSING;
  };
}

function resolveHeader(header: Map<string, number> | null, name: string, quoted: boolean, at: Pos): number {
  if (!header) {
    throw new SelectError(
      'MissingHeaders',
      `The query names the column ${name}, but the CSV has no header row in use: set FileHeaderInfo to USE, or refer to columns as _1, _2, …`,
      at,
    );
  }
  if (quoted) {
    const index = header.get(name);
    if (index === undefined) {
      throw new SelectError(
        'MissingHeaderName',
        `The CSV header has no column named "${name}" (quoted names are case-sensitive)`,
        at,
      );
    }
    return index;
  }
  const lower = name.toLowerCase();
  let found = -1;
  for (const [key, index] of header) {
    if (key.toLowerCase() !== lower) continue;
    if (found >= 0) {
      throw new SelectError(
        'AmbiguousFieldName',
        `The name ${name} matches more than one CSV column; put it in double quotes to match its exact case`,
        at,
      );
    }
    found = index;
  }
  if (found < 0) {
    throw new SelectError(
      'MissingHeaders',
      `The CSV header has no column named ${name}: check the spelling against the header row`,
      at,
    );
  }
  return found;
}

function jsonPath(steps: PathStep[], at: Pos): Fn {
  let fn: Fn = (row) => row as SqlValue;
  for (const step of steps) {
    const prev = fn;
    if (step.kind === 'name') {
      const { name, quoted } = step;
      fn = (row) => getField(prev(row), name, quoted);
    } else if (step.kind === 'index') {
      const { index } = step;
      fn = (row) => {
        const v = prev(row);
        return Array.isArray(v) && index < v.length ? (v[index] as SqlValue) : MISSING;
      };
    } else {
      throw new SelectError(
        'UnsupportedSyntax',
        'Wildcards ([*], .*) are only supported in the FROM clause',
        at,
      );
    }
  }
  return fn;
}

/** Field lookup: exact name first; unquoted names then match case-insensitively, and must match once. */
export function getField(value: SqlValue, name: string, quoted: boolean): SqlValue {
  if (!isStruct(value)) return MISSING;
  if (Object.hasOwn(value, name)) return value[name] as SqlValue;
  if (quoted) return MISSING;
  const lower = name.toLowerCase();
  let found: SqlValue = MISSING;
  let count = 0;
  for (const key in value) {
    if (key.toLowerCase() === lower) {
      found = value[key] as SqlValue;
      count++;
    }
  }
  if (count > 1) {
    throw new SelectError(
      'AmbiguousFieldName',
      `The name ${name} matches more than one attribute; use double quotes to match its exact case`,
    );
  }
  return found;
}

/** Applies the FROM path after S3Object[*] to one document: each wildcard fans out; no match gives MISSING. */
export function compileFromPath(steps: PathStep[]): {
  unnests: boolean;
  expand: (doc: SqlValue) => SqlValue[];
} {
  const rest = steps.slice(1); // steps[0] is the leading [*] over the root-level values
  const unnests = rest.some((s) => s.kind === 'wildcard');
  const expand = (doc: SqlValue): SqlValue[] => {
    let current: SqlValue[] = [doc];
    for (const step of rest) {
      const next: SqlValue[] = [];
      for (const v of current) {
        if (step.kind === 'name') next.push(getField(v, step.name, step.quoted));
        else if (step.kind === 'index')
          next.push(Array.isArray(v) && step.index < v.length ? (v[step.index] as SqlValue) : MISSING);
        else if (Array.isArray(v)) next.push(...(v as SqlValue[]));
        else if (isStruct(v)) next.push(...Object.values(v));
        else next.push(MISSING);
      }
      current = next.length > 0 ? next : [MISSING];
    }
    return current;
  };
  return { unnests, expand };
}
