import { s3Errors } from '../protocol/s3-errors.ts';

export const MAX_PARTS = 10_000;

export function parsePartNumber(value: string | null | undefined): number {
  const n = Number(value);
  if (
    value === null ||
    value === undefined ||
    value === '' ||
    !Number.isInteger(n) ||
    n < 1 ||
    n > MAX_PARTS
  ) {
    throw s3Errors.invalidArgument(
      `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`,
      'partNumber',
      value ?? '',
    );
  }
  return n;
}
