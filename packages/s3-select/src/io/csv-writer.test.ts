import { describe, expect, it } from 'vitest';
import { type CSVOutput, resolveOutputSerialization } from '../serialization.ts';
import { MISSING, type SqlValue } from '../values.ts';
import { CsvWriter } from './csv-writer.ts';
import { JsonWriter } from './json-writer.ts';

function csv(values: SqlValue[], options: CSVOutput = {}): string {
  const output = resolveOutputSerialization({ CSV: options });
  if (output.format !== 'CSV') throw new Error('expected CSV');
  return new CsvWriter(output.csv).write(values.map((value, i) => ({ name: `_${i + 1}`, value })));
}

describe('CsvWriter', () => {
  it('quotes only fields that need it with ASNEEDED (the default)', () => {
    expect(csv(['plain', 'a,b', 'say "hi"', 'two\nlines', 7, null, MISSING, true])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",7,,,true\n',
    );
  });

  it('quotes every field with ALWAYS, using the chosen quote and escape characters', () => {
    expect(
      csv(['a', "it's"], { QuoteFields: 'ALWAYS', QuoteCharacter: "'", QuoteEscapeCharacter: '\\' }),
    ).toBe("'a','it\\'s'\n");
  });

  it('uses the chosen field and record delimiters', () => {
    expect(csv(['a', 'b|c', 'd'], { FieldDelimiter: '|', RecordDelimiter: '\r\n' })).toBe('a|"b|c"|d\r\n');
  });
});

describe('CsvWriter.writeFields (SELECT * over CSV)', () => {
  const fields = ['plain', 'a,b', 'say "hi"', 'two\nlines', '', 'cr\r'];
  for (const options of [
    {},
    { QuoteFields: 'ALWAYS' },
    { FieldDelimiter: '|', RecordDelimiter: '\r\n' },
    { QuoteCharacter: "'", QuoteEscapeCharacter: '\\' },
  ] as CSVOutput[]) {
    it(`writes the same text as write() with ${JSON.stringify(options)}`, () => {
      const output = resolveOutputSerialization({ CSV: options });
      if (output.format !== 'CSV') throw new Error('expected CSV');
      const writer = new CsvWriter(output.csv);
      for (const record of [fields, ['x', 'y', 'z'], ['only']]) {
        expect(writer.writeFields(record)).toBe(csv(record, options));
      }
    });
  }

  it('writes a record that needs no quotes as the fields joined by the delimiter', () => {
    const output = resolveOutputSerialization({ CSV: { FieldDelimiter: ';' } });
    if (output.format !== 'CSV') throw new Error('expected CSV');
    expect(new CsvWriter(output.csv).writeFields(['1', 'two', '3.5'])).toBe('1;two;3.5\n');
  });
});

describe('JsonWriter', () => {
  it('writes one object per record keyed by column name, leaving MISSING columns out', () => {
    const writer = new JsonWriter('\n');
    expect(
      writer.write([
        { name: 'a', value: 1 },
        { name: 'b', value: MISSING },
        { name: 'c', value: null },
        { name: 'd', value: { x: [1, 'y'] } },
      ]),
    ).toBe('{"a":1,"c":null,"d":{"x":[1,"y"]}}\n');
  });
});
