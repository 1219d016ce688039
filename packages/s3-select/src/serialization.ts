import { SelectError } from './errors.ts';

/*
 * The request shapes of SelectObjectContent, mirrored from @aws-sdk/client-s3 (InputSerialization,
 * OutputSerialization, ScanRange) so a caller can pass the very object it passes to SelectObjectContentCommand,
 * without this package depending on the SDK. https://docs.aws.amazon.com/AmazonS3/latest/API/API_InputSerialization.html
 */

export interface CSVInput {
  FileHeaderInfo?: 'USE' | 'IGNORE' | 'NONE' | undefined;
  Comments?: string | undefined;
  QuoteEscapeCharacter?: string | undefined;
  RecordDelimiter?: string | undefined;
  FieldDelimiter?: string | undefined;
  QuoteCharacter?: string | undefined;
  AllowQuotedRecordDelimiter?: boolean | undefined;
}
export interface JSONInput {
  Type?: 'DOCUMENT' | 'LINES' | undefined;
}
export interface InputSerialization {
  CSV?: CSVInput | undefined;
  CompressionType?: 'NONE' | 'GZIP' | 'BZIP2' | undefined;
  JSON?: JSONInput | undefined;
  Parquet?: object | undefined;
}
export interface CSVOutput {
  QuoteFields?: 'ALWAYS' | 'ASNEEDED' | undefined;
  QuoteEscapeCharacter?: string | undefined;
  RecordDelimiter?: string | undefined;
  FieldDelimiter?: string | undefined;
  QuoteCharacter?: string | undefined;
}
export interface JSONOutput {
  RecordDelimiter?: string | undefined;
}
export interface OutputSerialization {
  CSV?: CSVOutput | undefined;
  JSON?: JSONOutput | undefined;
}
export interface ScanRange {
  Start?: number | undefined;
  End?: number | undefined;
}

/** CSVInput with S3's defaults applied. */
export interface CsvInputOptions {
  fileHeaderInfo: 'USE' | 'IGNORE' | 'NONE';
  comments: string;
  quoteEscapeCharacter: string;
  recordDelimiter: string;
  fieldDelimiter: string;
  quoteCharacter: string;
  allowQuotedRecordDelimiter: boolean;
}

export type InputFormat =
  | { format: 'CSV'; csv: CsvInputOptions }
  | { format: 'JSON'; type: 'DOCUMENT' | 'LINES' }
  | { format: 'PARQUET' };

export interface ResolvedInput {
  input: InputFormat;
  compression: 'NONE' | 'GZIP' | 'BZIP2';
}

export interface CsvOutputOptions {
  quoteFields: 'ALWAYS' | 'ASNEEDED';
  quoteEscapeCharacter: string;
  recordDelimiter: string;
  fieldDelimiter: string;
  quoteCharacter: string;
}
export type OutputFormat =
  | { format: 'CSV'; csv: CsvOutputOptions }
  | { format: 'JSON'; recordDelimiter: string };

function invalidRequest(message: string): SelectError {
  return new SelectError('InvalidRequest', message);
}

/** S3 takes one character for these options; a record delimiter may also be the two characters "\r\n". */
function oneChar(value: string | undefined, fallback: string, name: string, allowCrLf = false): string {
  if (value === undefined || value === '') return fallback;
  if (value.length === 1 || (allowCrLf && value === '\r\n')) return value;
  throw invalidRequest(`${name} must be a single character; got ${JSON.stringify(value)}.`);
}

/** Applies S3's defaults (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CSVInput.html) and checks the shape. */
export function resolveInputSerialization(serialization: InputSerialization | undefined): ResolvedInput {
  const s = serialization ?? {};
  const formats = [s.CSV, s.JSON, s.Parquet].filter((f) => f !== undefined).length;
  if (formats !== 1) {
    throw invalidRequest('InputSerialization must name exactly one of CSV, JSON or Parquet.');
  }
  const compression = s.CompressionType ?? 'NONE';
  if (!['NONE', 'GZIP', 'BZIP2'].includes(compression)) {
    throw invalidRequest(`CompressionType must be NONE, GZIP or BZIP2; got ${compression}.`);
  }
  if (s.Parquet !== undefined) {
    if (compression !== 'NONE') {
      throw new SelectError(
        'InvalidCompressionFormat',
        'Parquet input is compressed inside the file; set CompressionType to NONE.',
      );
    }
    return { input: { format: 'PARQUET' }, compression };
  }
  if (s.JSON !== undefined) {
    const type = s.JSON.Type ?? 'DOCUMENT';
    if (type !== 'DOCUMENT' && type !== 'LINES') {
      throw invalidRequest(`JSON Type must be DOCUMENT or LINES; got ${type}.`);
    }
    return { input: { format: 'JSON', type }, compression };
  }
  const c = s.CSV ?? {};
  const fileHeaderInfo = c.FileHeaderInfo ?? 'NONE';
  if (!['USE', 'IGNORE', 'NONE'].includes(fileHeaderInfo)) {
    throw invalidRequest(`FileHeaderInfo must be USE, IGNORE or NONE; got ${fileHeaderInfo}.`);
  }
  const csv: CsvInputOptions = {
    fileHeaderInfo,
    comments: oneChar(c.Comments, '#', 'Comments'),
    quoteEscapeCharacter: oneChar(c.QuoteEscapeCharacter, '"', 'QuoteEscapeCharacter'),
    recordDelimiter: oneChar(c.RecordDelimiter, '\n', 'RecordDelimiter', true),
    fieldDelimiter: oneChar(c.FieldDelimiter, ',', 'FieldDelimiter'),
    quoteCharacter: oneChar(c.QuoteCharacter, '"', 'QuoteCharacter'),
    allowQuotedRecordDelimiter: c.AllowQuotedRecordDelimiter ?? false,
  };
  if (csv.fieldDelimiter === csv.quoteCharacter || csv.recordDelimiter.includes(csv.fieldDelimiter)) {
    throw invalidRequest('FieldDelimiter must differ from QuoteCharacter and RecordDelimiter.');
  }
  return { input: { format: 'CSV', csv }, compression };
}

/** Applies S3's defaults (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CSVOutput.html). */
export function resolveOutputSerialization(serialization: OutputSerialization | undefined): OutputFormat {
  const s = serialization ?? {};
  if ((s.CSV === undefined) === (s.JSON === undefined)) {
    throw invalidRequest('OutputSerialization must name exactly one of CSV or JSON.');
  }
  if (s.JSON !== undefined) {
    return {
      format: 'JSON',
      recordDelimiter: oneChar(s.JSON.RecordDelimiter, '\n', 'RecordDelimiter', true),
    };
  }
  const c = s.CSV ?? {};
  const quoteFields = c.QuoteFields ?? 'ASNEEDED';
  if (quoteFields !== 'ALWAYS' && quoteFields !== 'ASNEEDED') {
    throw invalidRequest(`QuoteFields must be ALWAYS or ASNEEDED; got ${quoteFields}.`);
  }
  const quoteCharacter = oneChar(c.QuoteCharacter, '"', 'QuoteCharacter');
  return {
    format: 'CSV',
    csv: {
      quoteFields,
      quoteCharacter,
      quoteEscapeCharacter: oneChar(c.QuoteEscapeCharacter, quoteCharacter, 'QuoteEscapeCharacter'),
      recordDelimiter: oneChar(c.RecordDelimiter, '\n', 'RecordDelimiter', true),
      fieldDelimiter: oneChar(c.FieldDelimiter, ',', 'FieldDelimiter'),
    },
  };
}
