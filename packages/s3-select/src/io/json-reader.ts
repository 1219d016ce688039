import { SelectError } from '../errors.ts';
import { MAX_RECORD_CHARS, overMaxRecordSize, type RecordReader, type RecordSink } from './record-reader.ts';

function jsonParsingError(detail: string): SelectError {
  return new SelectError(
    'JSONParsingError',
    `Error parsing JSON input (${detail}); check that InputSerialization.JSON.Type matches the object.`,
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw jsonParsingError((err as Error).message);
  }
}

/** JSON LINES: one JSON value per line; blank lines are skipped. */
export class JsonLinesReader implements RecordReader {
  private carry = '';

  write(text: string, sink: RecordSink): boolean {
    const buf = this.carry.length > 0 ? this.carry + text : text;
    this.carry = '';
    let pos = 0;
    for (let next = buf.indexOf('\n'); next !== -1; next = buf.indexOf('\n', pos)) {
      if (!this.line(buf.slice(pos, next), sink)) return false;
      pos = next + 1;
    }
    if (buf.length - pos > MAX_RECORD_CHARS) throw overMaxRecordSize();
    this.carry = buf.slice(pos);
    return true;
  }

  end(sink: RecordSink): boolean {
    const rest = this.carry;
    this.carry = '';
    return this.line(rest, sink);
  }

  private line(line: string, sink: RecordSink): boolean {
    if (line.length > MAX_RECORD_CHARS) throw overMaxRecordSize();
    const trimmed = line.trim();
    if (trimmed.length === 0) return true;
    return sink({ kind: 'json', value: parse(trimmed) });
  }
}

const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]
const QUOTE = 34; // "
const BACKSLASH = 92;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * JSON DOCUMENT: the object holds one or more top-level JSON values one after another (a single object, an
 * array, or concatenated objects, optionally comma-separated); each top-level value is one record, which the
 * FROM path (`S3Object[*]…`) then walks. Values may span lines and chunks, so the reader tracks nesting and
 * strings across chunks and parses each value once it is complete.
 */
export class JsonDocumentReader implements RecordReader {
  private carry = '';
  /** Where scanning resumes in `carry`, and the nesting state there. */
  private scanned = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** -1 outside a value; else the index in the buffer where the current value starts. */
  private valueStart = -1;

  write(text: string, sink: RecordSink): boolean {
    const buf = this.carry.length > 0 ? this.carry + text : text;
    let i = this.scanned;
    while (i < buf.length) {
      const c = buf.charCodeAt(i);
      if (this.valueStart === -1) {
        if (!isSpace(c) && c !== COMMA) {
          this.valueStart = i;
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.depth = 1;
          else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) throw jsonParsingError(`unexpected '${buf[i]}'`);
        }
        i++;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.depth === 0 && !this.emit(buf, i + 1, sink)) return false;
        }
      } else if (this.depth === 0) {
        // A top-level scalar (number, true, false, null) ends at whitespace, a comma or a new value.
        if (isSpace(c) || c === COMMA || c === OPEN_OBJECT || c === OPEN_ARRAY || c === QUOTE) {
          if (!this.emit(buf, i, sink)) return false;
          continue;
        }
      } else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth === 0 && !this.emit(buf, i + 1, sink)) return false;
      }
      i++;
    }
    const keepFrom = this.valueStart === -1 ? buf.length : this.valueStart;
    if (buf.length - keepFrom > MAX_RECORD_CHARS) throw overMaxRecordSize();
    this.carry = buf.slice(keepFrom);
    this.scanned = buf.length - keepFrom;
    if (this.valueStart !== -1) this.valueStart = 0;
    return true;
  }

  end(sink: RecordSink): boolean {
    if (this.valueStart === -1) return true;
    if (this.depth > 0 || this.inString) throw jsonParsingError('the document ends inside a value');
    return this.emit(this.carry, this.carry.length, sink);
  }

  private emit(buf: string, end: number, sink: RecordSink): boolean {
    const text = buf.slice(this.valueStart, end);
    this.valueStart = -1;
    this.depth = 0;
    if (text.length > MAX_RECORD_CHARS) throw overMaxRecordSize();
    return sink({ kind: 'json', value: parse(text) });
  }
}
