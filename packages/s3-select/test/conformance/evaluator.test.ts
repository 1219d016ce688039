import { describe, expect, it } from 'vitest';
import { SelectError } from '../../src/errors.ts';
import { compileQuery } from '../../src/sql/index.ts';
import type { OutputColumn, SqlRecord } from '../../src/sql/types.ts';
import { renderCsvValue, toJsonValue } from '../../src/values.ts';
import { type ConformanceCase, conformanceCases } from './cases.ts';

/**
 * Runs the conformance table through the SQL evaluator alone, with a deliberately small reader and writer
 * (plain comma-split CSV, one JSON value per line or concatenated documents). select() runs the same table
 * end to end with the real readers and writers.
 */
function* records(c: ConformanceCase): Generator<SqlRecord> {
  if (c.input.CSV) {
    const lines = c.data.split('\n').filter((l) => l !== '');
    let header: Map<string, number> | null = null;
    if (c.input.CSV.FileHeaderInfo === 'USE' || c.input.CSV.FileHeaderInfo === 'IGNORE') {
      const names = lines.shift()!.split(',');
      if (c.input.CSV.FileHeaderInfo === 'USE') header = new Map(names.map((n, i) => [n, i]));
    }
    for (const line of lines) yield { kind: 'csv', fields: line.split(','), header };
    return;
  }
  for (const doc of splitJsonDocuments(c.data)) yield { kind: 'json', value: doc };
}

function splitJsonDocuments(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth++ === 0) start = i;
    } else if ((ch === '}' || ch === ']') && --depth === 0) {
      docs.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return docs;
}

function write(c: ConformanceCase, columns: OutputColumn[]): string {
  if ('JSON' in c.output) {
    const obj: Record<string, unknown> = {};
    for (const col of columns) {
      const v = toJsonValue(col.value);
      if (v !== undefined) obj[col.name] = v;
    }
    return `${JSON.stringify(obj)}\n`;
  }
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return `${columns.map((col) => quote(renderCsvValue(col.value))).join(',')}\n`;
}

function run(c: ConformanceCase): string {
  const query = compileQuery(c.expression, { format: c.input.CSV ? 'CSV' : 'JSON' });
  if (query.aggregate) {
    for (const r of records(c)) query.accumulate(r);
    return write(c, query.finish());
  }
  let out = '';
  let emitted = 0;
  for (const r of records(c)) {
    for (const row of query.evaluateAll(r)) {
      if (query.limit !== undefined && emitted >= query.limit) return out;
      out += write(c, row);
      emitted++;
    }
  }
  return out;
}

describe('S3 Select conformance table (evaluator)', () => {
  it.each(conformanceCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.error) {
      let caught: unknown;
      try {
        run(c);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(SelectError);
      expect((caught as SelectError).code).toBe(c.error);
    } else {
      expect(run(c)).toBe(c.expected);
    }
  });
});
