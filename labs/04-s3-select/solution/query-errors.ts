import type { S3Client } from '@aws-sdk/client-s3';
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
 * Parse… (the SQL does not parse), Cast… / Evaluator… / Invalid… (a value or expression does not fit),
 * CSV… / JSON… / InvalidTextEncoding (the object does not match the InputSerialization).
 */
export function nextStep(code: string): string {
  // BEGIN SOLUTION 6
  if (code.startsWith('Parse')) return 'fix the SQL syntax near the position the message gives';
  if (code.startsWith('Cast') || code.startsWith('Evaluator') || code === 'IntegerOverflow') {
    return 'a value does not fit the expression: CAST only columns that hold that type, or filter the others out first';
  }
  if (code.startsWith('CSV') || code.startsWith('JSON') || code === 'InvalidTextEncoding') {
    return 'the object does not match the InputSerialization: check the format, delimiters and compression';
  }
  if (code === 'NoSuchKey' || code === 'NoSuchBucket') return 'upload the fixtures first (exercise 1)';
  if (code === 'AccessDenied') return 'the caller needs s3:GetObject on the object';
  return 'see the AWS message';
  // END SOLUTION
}

/** selectRecords, with every S3 error — before the stream or inside it — as a SelectQueryError. */
export async function runQuery(s3: S3Client, query: SelectQuery): Promise<SelectOutcome> {
  // BEGIN SOLUTION 6
  try {
    return await selectRecords(s3, query);
  } catch (error) {
    const fromS3 = error instanceof Error && ('$metadata' in error || '$fault' in error);
    if (!fromS3) throw error;
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
