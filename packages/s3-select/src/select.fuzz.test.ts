import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SelectError } from './errors.ts';
import { type SelectRequest, select } from './select.ts';
import type { InputSerialization, OutputSerialization, ScanRange } from './serialization.ts';

/*
 * Fuzzing select() end to end: random and mutated SQL over random and broken inputs with random options. The
 * only allowed outcomes are output or a SelectError with an AWS-style code — never another exception, never a
 * hang. fast-check prints the seed and the shrunk counterexample of any failure, so it can be replayed.
 */

const projections = [
  '*',
  's._1',
  's._2',
  's._3',
  's.name',
  's."name"',
  'CAST(s._1 AS INT)',
  'CAST(s._2 AS FLOAT) * 2',
  'UPPER(s._2)',
  "s._1 || '-'",
  'SUBSTRING(s._2, 2, 3)',
  'TRIM(s._1)',
  'CHAR_LENGTH(s._3)',
  's.a.b',
  's.items[0]',
  'COUNT(*)',
  'SUM(CAST(s._1 AS FLOAT))',
  'MAX(s._2)',
  'AVG(CAST(s._3 AS DECIMAL))',
  "COALESCE(s._1, 'none')",
  'NULLIF(s._1, s._2)',
  "CASE WHEN s._1 = 'a' THEN 1 ELSE 0 END",
  "TO_TIMESTAMP('2026-01-02T03:04:05Z')",
  'UTCNOW()',
  'DATE_ADD(day, 1, TO_TIMESTAMP(s._2))',
];
const conditions = [
  "s._1 = 'a'",
  'CAST(s._2 AS INT) > 3',
  "s._3 LIKE '%x_'",
  's._1 IS NULL',
  's.a IS MISSING',
  "s._2 IN ('1', '2')",
  'CAST(s._1 AS FLOAT) BETWEEN 0 AND 10',
  'NOT s._1 <> s._2',
  'TRUE',
  "s._1 < 'm'",
  '1 = 1',
  "s._1 LIKE 'a!%' ESCAPE '!'",
];

const query = fc
  .record({
    items: fc.array(fc.constantFrom(...projections), { minLength: 1, maxLength: 3 }),
    from: fc.constantFrom(
      'S3Object s',
      'S3Object AS s',
      'S3Object[*] s',
      'S3Object[*].items[*] s',
      's3object s',
    ),
    where: fc.option(fc.array(fc.constantFrom(...conditions), { minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
    joiner: fc.constantFrom(' AND ', ' OR '),
    limit: fc.option(fc.nat(5), { nil: undefined }),
  })
  .map(({ items, from, where, joiner, limit }) => {
    let sql = `SELECT ${items.join(', ')} FROM ${from}`;
    if (where) sql += ` WHERE ${where.join(joiner)}`;
    if (limit !== undefined) sql += ` LIMIT ${limit}`;
    return sql;
  });

/** Byte- and token-level damage to otherwise valid SQL. */
const mutatedQuery = fc
  .tuple(
    query,
    fc.nat(),
    fc.constantFrom('insert', 'delete', 'truncate', 'duplicate'),
    fc.string({ maxLength: 3 }),
  )
  .map(([sql, at, how, text]) => {
    const i = at % (sql.length + 1);
    if (how === 'insert') return sql.slice(0, i) + text + sql.slice(i);
    if (how === 'delete') return sql.slice(0, i) + sql.slice(i + 3);
    if (how === 'truncate') return sql.slice(0, i);
    return sql.slice(0, i) + sql.slice(i / 2, i) + sql.slice(i);
  });

const csvChar = fc.constantFrom(
  'a',
  'b',
  '1',
  '2',
  '.',
  ' ',
  ',',
  '"',
  '\n',
  '\r',
  '#',
  ';',
  'é',
  '😀',
  '\\',
);
const csvData = fc.array(csvChar, { maxLength: 200 }).map((chars) => chars.join(''));
const jsonLines = fc
  .array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 })
  .map((values) => values.map((v) => JSON.stringify(v)).join('\n'));
const brokenJson = fc.tuple(jsonLines, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1)));

const inputSerialization: fc.Arbitrary<InputSerialization> = fc.oneof(
  fc.record({
    CSV: fc.record(
      {
        FileHeaderInfo: fc.constantFrom('USE', 'IGNORE', 'NONE'),
        FieldDelimiter: fc.constantFrom(',', ';', '\t'),
        QuoteEscapeCharacter: fc.constantFrom('"', '\\'),
        AllowQuotedRecordDelimiter: fc.boolean(),
        RecordDelimiter: fc.constantFrom('\n', '\r\n', ';'),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ JSON: fc.record({ Type: fc.constantFrom('DOCUMENT', 'LINES') }) }),
);

const outputSerialization: fc.Arbitrary<OutputSerialization> = fc.oneof(
  fc.record({ CSV: fc.record({ QuoteFields: fc.constantFrom('ALWAYS', 'ASNEEDED') }, { requiredKeys: [] }) }),
  fc.record({ JSON: fc.constant({}) }),
);

const scanRange: fc.Arbitrary<ScanRange | undefined> = fc.option(
  fc.record({ Start: fc.nat(100), End: fc.nat(300) }, { requiredKeys: [] }),
  { nil: undefined, freq: 4 },
);

const body = fc.oneof(
  csvData.map((t) => Buffer.from(t)),
  jsonLines.map((t) => Buffer.from(t)),
  brokenJson.map((t) => Buffer.from(t)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

const request = fc.record({
  expression: fc.oneof(query, mutatedQuery),
  data: body,
  inputSerialization,
  outputSerialization,
  scanRange,
  gzip: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 64 }),
});

type FuzzCase = typeof request extends fc.Arbitrary<infer T> ? T : never;

async function* chunks(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** Runs one case; resolves with the outcome, rejects only on a failure the engine must never produce. */
async function runCase(c: FuzzCase): Promise<string> {
  const compressed = c.gzip && !c.scanRange;
  const req: SelectRequest = {
    expression: c.expression,
    input: chunks(compressed ? gzipSync(c.data) : c.data, c.chunk),
    inputSerialization: { ...c.inputSerialization, CompressionType: compressed ? 'GZIP' : 'NONE' },
    outputSerialization: c.outputSerialization,
    ...(c.scanRange ? { scanRange: c.scanRange, objectSize: c.data.length } : {}),
  };
  try {
    const result = select(req);
    const out: Uint8Array[] = [];
    for await (const chunk of result.records) out.push(chunk);
    new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(out));
    return 'output';
  } catch (err) {
    if (!(err instanceof SelectError)) throw err;
    expect(err.code).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(err.message.length).toBeGreaterThan(0);
    return err.code;
  }
}

describe('select() fuzz', () => {
  it('answers every random or damaged query and input with output or a SelectError carrying an AWS code', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, async (c) => {
        const outcome = await runCase(c);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: 100_000, interruptAfterTimeLimit: 8_000, markInterruptAsFailure: false },
    );
    // The generators must reach both paths, or the fuzz proves nothing.
    expect(outcomes.get('output') ?? 0).toBeGreaterThan(10);
    expect([...outcomes.keys()].filter((k) => k !== 'output').length).toBeGreaterThan(3);
  }, 30_000);
});
