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
  throw new Error('TODO(6): Errors the user can act on — see README.md, exercise 6');
}

/**
 * selectRecords, with every error S3 sent — before the stream or inside it — as a SelectQueryError; any other
 * error (the network, your own IncompleteSelectResponse, a JSON.parse SyntaxError) goes through unchanged.
 */
export async function runQuery(s3: S3Client, query: SelectQuery): Promise<SelectOutcome> {
  throw new Error('TODO(6): Errors the user can act on — see README.md, exercise 6');
}
