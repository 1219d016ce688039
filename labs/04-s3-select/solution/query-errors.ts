import { type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { SelectOutcome, SelectQuery } from './formats.ts';
import { selectRecords } from './select-records.ts';

/** A query S3 Select refused or could not finish: the AWS code, the SQL, and what to do next. */
export class SelectQueryError extends Error {
  constructor(
    readonly code: string,
    readonly sql: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SelectQueryError';
  }
}

/**
 * What to do about an S3 Select error code. Codes come in families
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#SelectObjectContentErrorCodeList):
 * Parse… / Lexer… (the SQL does not parse), Cast… / Evaluator… / ExternalEvalException / IntegerOverflow (a value
 * does not fit the expression), CSV… / JSON… / InvalidTextEncoding (the object does not match the
 * InputSerialization).
 */
export function nextStep(code: string): string {
  // BEGIN SOLUTION 6
  if (code.startsWith('Parse') || code.startsWith('Lexer')) {
    return 'fix the SQL syntax near the position the message gives';
  }
  if (
    code.startsWith('Cast') ||
    code.startsWith('Evaluator') ||
    code === 'ExternalEvalException' ||
    code === 'IntegerOverflow'
  ) {
    return 'a value does not fit the expression: CSV fields are text, so CAST the columns you compare or add up — and CAST only columns that hold that type, or filter the others out first';
  }
  if (code.startsWith('CSV') || code.startsWith('JSON') || code === 'InvalidTextEncoding') {
    return 'the object does not match the InputSerialization: check the format, delimiters and compression';
  }
  if (code === 'NoSuchKey' || code === 'NoSuchBucket') return 'upload the fixtures first (exercise 1)';
  if (code === 'AccessDenied') return 'the caller needs s3:GetObject on the object';
  return 'see the AWS message';
  // END SOLUTION
}

/**
 * selectRecords, with every error S3 sent — before the stream or inside it — as a SelectQueryError; any other
 * error (the network, your own IncompleteSelectResponse, a JSON.parse SyntaxError) goes through unchanged.
 */
export async function runQuery(s3: S3Client, query: SelectQuery): Promise<SelectOutcome> {
  // BEGIN SOLUTION 6
  try {
    return await selectRecords(s3, query);
  } catch (error) {
    // Before the stream, S3 answers an HTTP error: an S3ServiceException. Inside the stream it sends an error
    // event, which the SDK throws from the for await loop as a plain Error named after the event's
    // :error-code, without $metadata (the 200 response had already begun; network errors get $metadata
    // from the SDK's retry step).
    const beforeStream = error instanceof S3ServiceException;
    const inStream =
      error instanceof Error &&
      Object.getPrototypeOf(error) === Error.prototype &&
      error.name !== 'Error' &&
      !('$metadata' in error);
    if (!beforeStream && !inStream) throw error;
    throw new SelectQueryError(
      error.name,
      query.sql,
      `${error.name}: ${error.message} — ${nextStep(error.name)}`,
      {
        cause: error,
      },
    );
  }
  // END SOLUTION
}
