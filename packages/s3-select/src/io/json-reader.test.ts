import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import type { SqlRecord } from '../sql/types.ts';
import { JsonDocumentReader, JsonLinesReader } from './json-reader.ts';
import type { RecordReader } from './record-reader.ts';

function values(reader: () => RecordReader, text: string, size = text.length || 1): unknown[] {
  const r = reader();
  const out: unknown[] = [];
  const sink = (record: SqlRecord) => {
    out.push(record.kind === 'json' ? record.value : undefined);
    return true;
  };
  for (let i = 0; i < text.length; i += size) r.write(text.slice(i, i + size), sink);
  r.end(sink);
  return out;
}

const lines = () => new JsonLinesReader();
const document = () => new JsonDocumentReader();

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof SelectError ? err.code : `not a SelectError: ${String(err)}`;
  }
  return 'no error';
}

describe('JsonLinesReader', () => {
  it('reads one value per line, skipping blank lines, at any chunk size', () => {
    const text = '{"a":1}\n\n  {"a":"x\\ny"}\r\n[1,2]\n{"last":true}';
    const expected = [{ a: 1 }, { a: 'x\ny' }, [1, 2], { last: true }];
    for (let size = 1; size <= text.length; size++) expect(values(lines, text, size)).toEqual(expected);
  });

  it('answers JSONParsingError for a line that is not JSON', () => {
    expect(codeOf(() => values(lines, '{"a":1}\n{"a":\n'))).toBe('JSONParsingError');
  });
});

describe('JsonDocumentReader', () => {
  it('reads concatenated multi-line values, braces inside strings included, at any chunk size', () => {
    const text = '{\n "a": {"b": "}{]["},\n "c": [1, {"d": "\\"}"}]\n}\n{"e":2}, [3] "s" 42 true null';
    const expected = [{ a: { b: '}{][' }, c: [1, { d: '"}' }] }, { e: 2 }, [3], 's', 42, true, null];
    for (let size = 1; size <= text.length; size++) expect(values(document, text, size)).toEqual(expected);
  });

  it('reads a top-level array as one record, for the FROM path to walk', () => {
    expect(values(document, '[{"a":1},{"a":2}]')).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it('answers JSONParsingError for a document cut short or malformed', () => {
    expect(codeOf(() => values(document, '{"a": [1, 2}'))).toBe('JSONParsingError');
    expect(codeOf(() => values(document, '{"a": 1'))).toBe('JSONParsingError');
    expect(codeOf(() => values(document, '}'))).toBe('JSONParsingError');
  });

  it('answers OverMaxRecordSize for a value over 1 MB', () => {
    const text = `{"a":"${'x'.repeat(1024 * 1024)}"}`;
    expect(codeOf(() => values(document, text, 64 * 1024))).toBe('OverMaxRecordSize');
  });
});
