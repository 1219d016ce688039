import { SelectError } from '../errors.ts';
import type { CsvInputOptions } from '../serialization.ts';
import type { SqlRecord } from '../sql/types.ts';
import { MAX_RECORD_CHARS, overMaxRecordSize, type RecordReader, type RecordSink } from './record-reader.ts';

/**
 * The CSV reader is the engine's hot path, so it is written by hand over chunk strings instead of using a CSV
 * library: (1) speed — records are cut with String#indexOf and lines without a quote character are split with
 * String#split, both native, which is what lets a scan beat csv-parse + a JS filter by 2×; (2) S3's exact rules,
 * which no library has as options: with AllowQuotedRecordDelimiter FALSE (the default) every record delimiter
 * ends a record, even inside quotes, so records can be cut before fields are parsed (and ScanRange works on
 * raw bytes); a quote opens a quoted field only at the field's start, text after a closing quote is kept;
 * QuoteEscapeCharacter escapes the quote (and itself) only inside quotes; Comments lines are skipped.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CSVInput.html
 */
export class CsvReader implements RecordReader {
  private carry = '';
  private headerPending: boolean;
  private header: Map<string, number> | null = null;
  private readonly delimiter: string;
  private readonly fieldDelimiter: string;
  private readonly quote: number;
  private readonly quoteChar: string;
  private readonly escape: number;
  private readonly comment: number;
  /** RecordDelimiter "\n" also ends records at "\r\n", the line ending of files written on Windows. */
  private readonly stripCr: boolean;

  constructor(private readonly options: CsvInputOptions) {
    this.headerPending = options.fileHeaderInfo !== 'NONE';
    this.delimiter = options.recordDelimiter;
    this.fieldDelimiter = options.fieldDelimiter;
    this.quoteChar = options.quoteCharacter;
    this.quote = options.quoteCharacter.charCodeAt(0);
    this.escape = options.quoteEscapeCharacter.charCodeAt(0);
    this.comment = options.comments.charCodeAt(0);
    this.stripCr = options.recordDelimiter === '\n';
  }

  write(text: string, sink: RecordSink): boolean {
    const buf = this.carry.length > 0 ? this.carry + text : text;
    this.carry = '';
    const pos = this.options.allowQuotedRecordDelimiter
      ? this.cutQuotedRecords(buf, sink, false)
      : this.cutLines(buf, sink);
    if (pos < 0) return false;
    if (buf.length - pos > MAX_RECORD_CHARS) throw overMaxRecordSize();
    this.carry = pos === 0 ? buf : buf.slice(pos);
    return true;
  }

  end(sink: RecordSink): boolean {
    const buf = this.carry;
    this.carry = '';
    if (buf.length === 0) return true;
    if (this.options.allowQuotedRecordDelimiter) return this.cutQuotedRecords(buf, sink, true) >= 0;
    return this.line(buf, sink, true);
  }

  /** Cuts records at every delimiter; returns where the unfinished record starts, or -1 when told to stop. */
  private cutLines(buf: string, sink: RecordSink): number {
    const delimiter = this.delimiter;
    let pos = 0;
    for (let next = buf.indexOf(delimiter); next !== -1; next = buf.indexOf(delimiter, pos)) {
      const end = this.stripCr && next > pos && buf.charCodeAt(next - 1) === 13 ? next - 1 : next;
      if (!this.line(buf.slice(pos, end), sink, false)) return -1;
      pos = next + delimiter.length;
    }
    return pos;
  }

  /** AllowQuotedRecordDelimiter TRUE: a delimiter inside a quoted field belongs to the field. */
  private cutQuotedRecords(buf: string, sink: RecordSink, atEnd: boolean): number {
    let pos = 0;
    while (pos < buf.length) {
      const found = this.findQuotedRecordEnd(buf, pos, atEnd);
      if (found === -1) return pos;
      const [end, next] = found === buf.length ? [found, found] : [found, found + this.delimiter.length];
      const lineEnd = this.stripCr && end > pos && buf.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (!this.line(buf.slice(pos, lineEnd), sink, atEnd && next === buf.length)) return -1;
      pos = next;
    }
    return pos;
  }

  /**
   * Index of the delimiter that ends the record starting at `pos`, or -1 when the text ends first (the record
   * continues in the next chunk). At the end of the input the record ends with the text.
   */
  private findQuotedRecordEnd(buf: string, pos: number, atEnd: boolean): number {
    const q = this.quote;
    const e = this.escape;
    const f = this.fieldDelimiter.charCodeAt(0);
    const d = this.delimiter;
    const d0 = d.charCodeAt(0);
    let fieldStart = true;
    let inQuotes = false;
    for (let i = pos; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inQuotes) {
        if (
          c === e &&
          i + 1 < buf.length &&
          (buf.charCodeAt(i + 1) === q || (e !== q && buf.charCodeAt(i + 1) === e))
        ) {
          i++;
        } else if (c === q) {
          // A quote as the chunk's last character may be the first half of an escaped pair: wait for more text.
          if (i + 1 === buf.length && e === q && !atEnd) return -1;
          inQuotes = false;
        }
        continue;
      }
      if (c === d0 && (d.length === 1 || buf.charCodeAt(i + 1) === d.charCodeAt(1))) return i;
      if (c === q && fieldStart) inQuotes = true;
      fieldStart = c === f;
    }
    return atEnd ? buf.length : -1;
  }

  /** One record's text (without its delimiter): skips blanks and comments, reads the header, else calls sink. */
  private line(line: string, sink: RecordSink, last: boolean): boolean {
    if (line.length === 0 || line.charCodeAt(0) === this.comment) return true;
    if (line.length > MAX_RECORD_CHARS) throw overMaxRecordSize();
    const fields =
      line.indexOf(this.quoteChar) === -1 ? line.split(this.fieldDelimiter) : this.parseQuoted(line, last);
    if (this.headerPending) {
      this.headerPending = false;
      if (this.options.fileHeaderInfo === 'USE') {
        this.header = new Map();
        fields.forEach((name, index) => {
          if (!this.header?.has(name)) this.header?.set(name, index);
        });
      }
      return true;
    }
    const record: SqlRecord = { kind: 'csv', fields, header: this.header };
    return sink(record);
  }

  /** Splits a record that contains the quote character, field by field. */
  private parseQuoted(line: string, last: boolean): string[] {
    const q = this.quote;
    const e = this.escape;
    const f = this.fieldDelimiter;
    const n = line.length;
    const fields: string[] = [];
    let i = 0;
    for (;;) {
      if (i < n && line.charCodeAt(i) === q) {
        let value = '';
        let segment = ++i;
        let closed = false;
        while (i < n) {
          const c = line.charCodeAt(i);
          if (
            c === e &&
            i + 1 < n &&
            (line.charCodeAt(i + 1) === q || (e !== q && line.charCodeAt(i + 1) === e))
          ) {
            // The escaped character starts the next literal segment.
            value += line.slice(segment, i);
            segment = i + 1;
            i += 2;
          } else if (c === q) {
            value += line.slice(segment, i);
            i++;
            closed = true;
            break;
          } else {
            i++;
          }
        }
        if (!closed) throw this.unterminatedQuote(last);
        let next = line.indexOf(f, i);
        if (next === -1) next = n;
        fields.push(value + line.slice(i, next));
        if (next === n) return fields;
        i = next + 1;
      } else {
        const next = line.indexOf(f, i);
        if (next === -1) {
          fields.push(line.slice(i));
          return fields;
        }
        fields.push(line.slice(i, next));
        i = next + 1;
      }
    }
  }

  private unterminatedQuote(last: boolean): SelectError {
    if (!last && !this.options.allowQuotedRecordDelimiter) {
      return new SelectError(
        'CSVEscapingRecordDelimiter',
        'A quoted field contains a record delimiter; set InputSerialization.CSV.AllowQuotedRecordDelimiter ' +
          'to TRUE to allow quoted record delimiters.',
      );
    }
    return new SelectError(
      'CSVParsingError',
      'A quoted field is not closed before the end of the object; check the QuoteCharacter and the file.',
    );
  }
}
