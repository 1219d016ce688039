/**
 * The one error type of the S3 Select engine. `code` is the error code S3 returns for SelectObjectContent
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#SelectObjectContentErrorCodeList),
 * so the emulator can put it on the wire unchanged.
 */
export interface SelectErrorOptions {
  /** 1-based line of the SQL expression where a parse error starts. */
  line?: number;
  /** 1-based column of the SQL expression where a parse error starts. */
  column?: number;
  /** HTTP status S3 answers with; 400 for every client error. */
  statusCode?: number;
}

export class SelectError extends Error {
  readonly code: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly statusCode: number;

  constructor(code: string, message: string, opts: SelectErrorOptions = {}) {
    super(message);
    this.name = 'SelectError';
    this.code = code;
    this.line = opts.line;
    this.column = opts.column;
    this.statusCode = opts.statusCode ?? 400;
  }
}

/** Builds a parse-time error whose message ends with the position, as S3 prints it. */
export function parseError(code: string, message: string, line: number, column: number): SelectError {
  return new SelectError(code, `${message} at line ${line}, column ${column}.`, { line, column });
}
