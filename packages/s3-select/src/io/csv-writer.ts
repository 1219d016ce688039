import type { CsvOutputOptions } from '../serialization.ts';
import type { OutputColumn } from '../sql/types.ts';
import { renderCsvValue } from '../values.ts';

/** Renders output records as CSV text (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CSVOutput.html). */
export class CsvWriter {
  private readonly needsQuotes: RegExp;
  private readonly escapeQuotes: RegExp;
  private readonly escapedQuote: string;

  constructor(private readonly options: CsvOutputOptions) {
    const special = [options.fieldDelimiter, options.quoteCharacter, options.recordDelimiter, '\n', '\r']
      .map(escapeRegExp)
      .join('|');
    this.needsQuotes = new RegExp(special);
    this.escapeQuotes = new RegExp(escapeRegExp(options.quoteCharacter), 'g');
    this.escapedQuote = options.quoteEscapeCharacter + options.quoteCharacter;
  }

  /** One record, with its record delimiter. */
  write(columns: OutputColumn[]): string {
    const { fieldDelimiter, recordDelimiter } = this.options;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += fieldDelimiter;
      line += this.field(renderCsvValue((columns[i] as OutputColumn).value));
    }
    return line + recordDelimiter;
  }

  /**
   * `SELECT *` over CSV input: the record's fields as they are. Same text as `write` with every value a string,
   * but without an OutputColumn object per field or a rope per line — the hot path of `SELECT * … WHERE …`.
   */
  writeFields(fields: string[]): string {
    const { fieldDelimiter, recordDelimiter } = this.options;
    if (this.options.quoteFields === 'ASNEEDED') {
      let plain = true;
      for (let i = 0; i < fields.length && plain; i++) plain = !this.needsQuotes.test(fields[i] as string);
      // join() builds one flat string, where `+=` field by field builds a tree of ConsStrings.
      if (plain) return fields.join(fieldDelimiter) + recordDelimiter;
    }
    let line = '';
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) line += fieldDelimiter;
      line += this.field(fields[i] as string);
    }
    return line + recordDelimiter;
  }

  private field(text: string): string {
    if (this.options.quoteFields === 'ASNEEDED' && !this.needsQuotes.test(text)) return text;
    const q = this.options.quoteCharacter;
    return q + text.replace(this.escapeQuotes, this.escapedQuote) + q;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
