import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import { compileQuery } from './index.ts';
import type { SqlRecord } from './types.ts';

/**
 * Malformed queries must fail with a SelectError (an S3 error code the emulator can return), never with a
 * TypeError that would surface as an internal error. Queries are built from a seeded generator so a failure
 * reproduces; the count is bounded to keep the run short.
 */
const PIECES = [
  'SELECT',
  'FROM',
  'WHERE',
  'S3Object',
  's',
  '*',
  ',',
  '(',
  ')',
  '[',
  ']',
  '.',
  '_1',
  '_2',
  'name',
  '"Q"',
  "'x'",
  "'%a_'",
  '1',
  '2.5',
  '-',
  '+',
  '/',
  '%',
  '||',
  '=',
  '<>',
  '<',
  '>=',
  'AND',
  'OR',
  'NOT',
  'IS',
  'NULL',
  'MISSING',
  'LIKE',
  'ESCAPE',
  'BETWEEN',
  'IN',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CAST',
  'AS',
  'INT',
  'FLOAT',
  'TIMESTAMP',
  'COUNT',
  'SUM',
  'TRIM',
  'LEADING',
  'SUBSTRING',
  'FOR',
  'EXTRACT',
  'year',
  'DATE_ADD',
  'TO_STRING',
  'COALESCE',
  'UPPER',
  'LIMIT',
  '`2020T`',
  'GROUP',
  'BY',
];

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const records: Record<'CSV' | 'JSON', SqlRecord> = {
  CSV: { kind: 'csv', fields: ['Ada', '36', '%a_'], header: new Map([['name', 0]]) },
  JSON: { kind: 'json', value: { name: 'Ada', _1: [1, { Q: 2 }], s: { x: null } } },
};

function attempt(expression: string, format: 'CSV' | 'JSON'): 'ok' | 'error' {
  try {
    const q = compileQuery(expression, { format });
    if (q.aggregate) {
      q.accumulate(records[format]);
      q.finish();
    } else {
      q.evaluateAll(records[format]);
    }
    return 'ok';
  } catch (e) {
    if (!(e instanceof SelectError)) {
      throw new Error(`${format} query ${JSON.stringify(expression)} threw ${String(e)}`);
    }
    return 'error';
  }
}

describe('compileQuery on generated input', () => {
  it('fails only with SelectError on 3000 random token strings', () => {
    const random = generator(42);
    let errors = 0;
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(random() * 14);
      const words = ['SELECT'];
      for (let i = 0; i < length; i++) words.push(PIECES[Math.floor(random() * PIECES.length)]!);
      if (attempt(words.join(' '), random() < 0.5 ? 'CSV' : 'JSON') === 'error') errors++;
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('fails only with SelectError when valid queries are cut short at every token', () => {
    const queries: [string, 'CSV' | 'JSON'][] = [
      [
        "SELECT s.name, CAST(s._2 AS INT) + 1 AS n FROM S3Object s WHERE s.name LIKE 'A%' ESCAPE '!' LIMIT 3",
        'CSV',
      ],
      [
        "SELECT CASE WHEN _1 IN ('a', 'b') THEN TRIM(LEADING 'x' FROM _1) ELSE SUBSTRING(_1 FROM 2 FOR 1) END FROM S3Object",
        'CSV',
      ],
      [
        'SELECT COUNT(*), SUM(CAST(_2 AS FLOAT)) FROM S3Object WHERE CAST(_2 AS FLOAT) BETWEEN 1 AND 50 AND _3 IS NOT NULL',
        'CSV',
      ],
      [
        "SELECT TO_STRING(DATE_ADD(day, 1, `2020-01-01T`), 'y-MM-dd'), EXTRACT(year FROM UTCNOW()) FROM S3Object[*].a[*] x",
        'JSON',
      ],
    ];
    for (const [query, format] of queries) {
      expect(attempt(query, format)).toBe('ok');
      const words = query.split(' ');
      const outcomes = new Set<string>();
      for (let cut = 1; cut < words.length; cut++) {
        outcomes.add(attempt(words.slice(0, cut).join(' '), 'CSV'));
        outcomes.add(attempt(words.slice(0, cut).join(' '), 'JSON'));
      }
      expect(outcomes).toContain('error');
    }
  });
});
