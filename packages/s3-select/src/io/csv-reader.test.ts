import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import { type CSVInput, type CsvInputOptions, resolveInputSerialization } from '../serialization.ts';
import type { SqlRecord } from '../sql/types.ts';
import { CsvReader } from './csv-reader.ts';

function options(csv: CSVInput = {}): CsvInputOptions {
  const resolved = resolveInputSerialization({ CSV: csv });
  if (resolved.input.format !== 'CSV') throw new Error('expected CSV');
  return resolved.input.csv;
}

/** Feeds `text` to a reader in chunks of `size` characters and returns the records' fields. */
function read(text: string, csv: CSVInput = {}, size = text.length || 1): SqlRecord[] {
  const reader = new CsvReader(options(csv));
  const records: SqlRecord[] = [];
  const sink = (r: SqlRecord) => {
    records.push(r);
    return true;
  };
  for (let i = 0; i < text.length; i += size) reader.write(text.slice(i, i + size), sink);
  reader.end(sink);
  return records;
}

function fields(text: string, csv: CSVInput = {}, size?: number): string[][] {
  return read(text, csv, size).map((r) => (r.kind === 'csv' ? r.fields : []));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof SelectError ? err.code : `not a SelectError: ${String(err)}`;
  }
  return 'no error';
}

describe('CsvReader', () => {
  it('splits records and fields, with or without a trailing record delimiter', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'id,"name, quoted",x\r\n1,"say ""hi""",\n# comment\n\n2,plain,"a""b"\n3,,"last"';
    const whole = fields(text);
    for (let size = 1; size < text.length; size++) expect(fields(text, {}, size)).toEqual(whole);
    expect(whole).toEqual([
      ['id', 'name, quoted', 'x'],
      ['1', 'say "hi"', ''],
      ['2', 'plain', 'a"b'],
      ['3', '', 'last'],
    ]);
  });

  it('treats "\\r\\n" as a line end when the record delimiter is "\\n"', () => {
    expect(fields('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('honours custom field, record, quote and escape characters', () => {
    const csv: CSVInput = {
      FieldDelimiter: '|',
      RecordDelimiter: ';',
      QuoteCharacter: "'",
      QuoteEscapeCharacter: '\\',
    };
    expect(fields("a|'b|c'|'it\\'s'|d\\e;x|y;", csv)).toEqual([
      ['a', 'b|c', "it's", 'd\\e'],
      ['x', 'y'],
    ]);
  });

  it('keeps a quote that does not start a field, and text after a closing quote, as literal text', () => {
    expect(fields('11,22,a="str,44\n"ab"cd,e\n')).toEqual([
      ['11', '22', 'a="str', '44'],
      ['abcd', 'e'],
    ]);
  });

  it('skips comment lines (Comments, default #) and blank lines', () => {
    expect(fields('#c\na\n\n;x\nb\n', { Comments: ';' })).toEqual([['#c'], ['a'], ['b']]);
  });

  it('reads the header with USE, skips it with IGNORE, and treats it as data with NONE', () => {
    const use = read('name,age\nann,30\n', { FileHeaderInfo: 'USE' });
    expect(use).toEqual([
      {
        kind: 'csv',
        fields: ['ann', '30'],
        header: new Map([
          ['name', 0],
          ['age', 1],
        ]),
      },
    ]);
    expect(read('name,age\nann,30\n', { FileHeaderInfo: 'IGNORE' })).toEqual([
      { kind: 'csv', fields: ['ann', '30'], header: null },
    ]);
    expect(fields('name,age\nann,30\n', { FileHeaderInfo: 'NONE' })).toHaveLength(2);
  });

  it('keeps quoted record delimiters inside a field when AllowQuotedRecordDelimiter is TRUE', () => {
    const text = 'a,"line1\nline2",b\nc,"x""\n""y",d\n';
    for (const size of [1, 3, 7, text.length]) {
      expect(fields(text, { AllowQuotedRecordDelimiter: true }, size)).toEqual([
        ['a', 'line1\nline2', 'b'],
        ['c', 'x"\n"y', 'd'],
      ]);
    }
  });

  it('answers CSVEscapingRecordDelimiter for a quoted record delimiter without AllowQuotedRecordDelimiter', () => {
    expect(codeOf(() => read('a,"line1\nline2",b\n'))).toBe('CSVEscapingRecordDelimiter');
  });

  it('answers CSVParsingError for a quote left open at the end of the object', () => {
    expect(codeOf(() => read('a,"open'))).toBe('CSVParsingError');
    expect(codeOf(() => read('a,"open\nmore', { AllowQuotedRecordDelimiter: true }))).toBe('CSVParsingError');
  });

  it('answers OverMaxRecordSize for a record over 1 MB, even before its delimiter arrives', () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect(codeOf(() => read(`${big}\n`))).toBe('OverMaxRecordSize');
    expect(codeOf(() => read(big, {}, 64 * 1024))).toBe('OverMaxRecordSize');
  });

  it('stops reading when the sink returns false', () => {
    const reader = new CsvReader(options());
    const seen: SqlRecord[] = [];
    const more = reader.write('1\n2\n3\n', (r) => {
      seen.push(r);
      return seen.length < 2;
    });
    expect(more).toBe(false);
    expect(seen).toHaveLength(2);
  });
});
