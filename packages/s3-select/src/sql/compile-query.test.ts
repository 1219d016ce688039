import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import { MISSING } from '../values.ts';
import { compileQuery } from './index.ts';
import type { SqlRecord } from './types.ts';

const csv = (fields: string[], header: Map<string, number> | null = null): SqlRecord => ({
  kind: 'csv',
  fields,
  header,
});
const json = (value: unknown): SqlRecord => ({ kind: 'json', value });
const values = (cols: { value: unknown }[] | undefined) => cols?.map((c) => c.value);

function errorOf(fn: () => unknown): SelectError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SelectError) return e;
    throw e;
  }
  throw new Error('expected a SelectError');
}

describe('compileQuery', () => {
  it('follows SQL three-valued logic for AND, OR and NOT', () => {
    const q = compileQuery('SELECT s.a AND s.b AS and_, s.a OR s.b AS or_, NOT s.a AS not_ FROM S3Object s', {
      format: 'JSON',
    });
    const table: [unknown, unknown, unknown[]][] = [
      [true, null, [null, true, false]],
      [false, null, [false, null, true]],
      [null, null, [null, null, null]],
      [undefined, false, [false, null, MISSING]],
    ];
    for (const [a, b, expected] of table) {
      const doc: Record<string, unknown> = { b };
      if (a !== undefined) doc.a = a;
      expect(values(q.evaluate(json(doc)))).toEqual(expected);
    }
  });

  it('resolves a header name once per header map, and again when the map changes', () => {
    const q = compileQuery('SELECT s.city FROM S3Object s', { format: 'CSV' });
    const first = new Map([
      ['name', 0],
      ['city', 1],
    ]);
    const second = new Map([
      ['city', 0],
      ['name', 1],
    ]);
    expect(values(q.evaluate(csv(['Ada', 'London'], first)))).toEqual(['London']);
    expect(values(q.evaluate(csv(['Paris', 'Marie'], second)))).toEqual(['Paris']);
  });

  it('gives MISSING for a positional column past the end of a short row', () => {
    const q = compileQuery('SELECT _1, _3 FROM S3Object', { format: 'CSV' });
    expect(values(q.evaluate(csv(['a'])))).toEqual(['a', MISSING]);
  });

  it('asks for FileHeaderInfo USE when a column is named but the CSV has no header in use', () => {
    const q = compileQuery('SELECT s.name FROM S3Object s', { format: 'CSV' });
    const e = errorOf(() => q.evaluate(csv(['a'])));
    expect(e.code).toBe('MissingHeaders');
    expect(e.message).toMatch(/FileHeaderInfo/);
  });

  it('matches() applies WHERE alone, for the SELECT * fast path', () => {
    const q = compileQuery('SELECT * FROM S3Object s WHERE CAST(s._2 AS FLOAT) > 500', { format: 'CSV' });
    expect(q.selectsStar).toBe(true);
    expect(q.matches(csv(['a', '500.5']))).toBe(true);
    expect(q.matches(csv(['b', '500']))).toBe(false);
  });

  it('names SELECT * columns from the header, or _N without one', () => {
    const q = compileQuery('SELECT * FROM S3Object', { format: 'CSV' });
    const header = new Map([['x', 0]]);
    expect(q.evaluate(csv(['1', '2'], header))).toEqual([
      { name: 'x', value: '1' },
      { name: '_2', value: '2' },
    ]);
  });

  it('reports unnesting when the FROM path has a wildcard after S3Object[*]', () => {
    expect(compileQuery('SELECT * FROM S3Object[*].a[*]', { format: 'JSON' }).unnests).toBe(true);
    expect(compileQuery('SELECT * FROM S3Object[*].a', { format: 'JSON' }).unnests).toBe(false);
    const q = compileQuery('SELECT * FROM S3Object[*].a', { format: 'JSON' });
    expect(q.evaluate(json({ a: { b: 1 } }))).toEqual([{ name: 'b', value: 1 }]);
  });

  it('refuses a JSON FROM path on CSV input', () => {
    expect(errorOf(() => compileQuery('SELECT * FROM S3Object[*].a', { format: 'CSV' })).code).toBe(
      'UnsupportedSyntax',
    );
  });

  it('refuses aggregates in WHERE', () => {
    expect(
      errorOf(() => compileQuery('SELECT * FROM S3Object WHERE COUNT(*) > 1', { format: 'CSV' })).code,
    ).toBe('UnsupportedSqlOperation');
  });

  it('fails division by zero with a hint instead of returning Infinity', () => {
    const q = compileQuery('SELECT CAST(_1 AS INT) / CAST(_2 AS INT) FROM S3Object', { format: 'CSV' });
    const e = errorOf(() => q.evaluate(csv(['1', '0'])));
    expect(e.message).toMatch(/NULLIF/);
  });

  it('refuses arithmetic on text, even text that looks like a number', () => {
    const q = compileQuery('SELECT s.a + 1 FROM S3Object s', { format: 'JSON' });
    expect(errorOf(() => q.evaluate(json({ a: 'x' }))).code).toBe('ExternalEvalException');
    const onCsv = compileQuery('SELECT -_1, _1 * 2 FROM S3Object', { format: 'CSV' });
    const e = errorOf(() => onCsv.evaluate(csv(['12'])));
    expect(e.code).toBe('ExternalEvalException');
    expect(e.message).toMatch(/CAST/);
  });

  it('treats regular-expression characters in LIKE patterns literally', () => {
    const q = compileQuery("SELECT * FROM S3Object WHERE _1 LIKE 'a.c(%'", { format: 'CSV' });
    expect(q.matches(csv(['a.c(x']))).toBe(true);
    expect(q.matches(csv(['abc(x']))).toBe(false);
  });

  it('evaluates a LIKE pattern that comes from the row', () => {
    const q = compileQuery('SELECT * FROM S3Object WHERE _1 LIKE _2', { format: 'CSV' });
    expect(q.matches(csv(['abc', 'a%']))).toBe(true);
    expect(q.matches(csv(['abc', 'b%']))).toBe(false);
  });

  it('reads a CSV field as text: equal to no number, unorderable against one, ordered as text', () => {
    const inList = compileQuery('SELECT * FROM S3Object WHERE _1 IN (1, 2)', { format: 'CSV' });
    expect(inList.matches(csv(['2']))).toBe(false);
    const between = compileQuery('SELECT * FROM S3Object WHERE _1 BETWEEN 0 AND 5', { format: 'CSV' });
    expect(errorOf(() => between.matches(csv(['2']))).code).toBe('ExternalEvalException');
    const text = compileQuery("SELECT * FROM S3Object WHERE _1 >= '41'", { format: 'CSV' });
    expect(text.matches(csv(['5']))).toBe(true);
    expect(text.matches(csv(['100']))).toBe(false);
    const cast = compileQuery('SELECT * FROM S3Object WHERE CAST(_1 AS INT) IN (1, 2)', { format: 'CSV' });
    expect(cast.matches(csv(['2']))).toBe(true);
  });

  it('folds constant sub-expressions but still evaluates UTCNOW per row', () => {
    const q = compileQuery("SELECT UPPER('a') || 'b', UTCNOW() FROM S3Object", { format: 'CSV' });
    const [first, now] = q.evaluate(csv([]))!;
    expect(first!.value).toBe('Ab');
    expect(String(now!.value)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('counts rows for COUNT(*) across several accumulate calls', () => {
    const q = compileQuery("SELECT COUNT(*) AS n, MAX(CAST(_1 AS INT)) AS top FROM S3Object WHERE _2 = 'y'", {
      format: 'CSV',
    });
    expect(q.aggregate).toBe(true);
    for (const [a, b] of [
      ['5', 'y'],
      ['9', 'n'],
      ['12', 'y'],
    ] as const) {
      q.accumulate(csv([a, b]));
    }
    expect(q.finish()).toEqual([
      { name: 'n', value: 2 },
      { name: 'top', value: 12 },
    ]);
  });
});
