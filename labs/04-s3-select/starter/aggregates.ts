import type { S3Client } from '@aws-sdk/client-s3';
import type { Fixture } from './formats.ts';
import { selectRecords } from './select-records.ts';

export interface CityStats {
  trips: number;
  totalFare: number;
  avgDistance: number;
  maxTip: number;
}

/**
 * A string as an SQL literal: in single quotes, with each quote inside doubled ("L'Aquila" → 'L''Aquila').
 * Pasting a value into SQL unquoted breaks the query — or changes it.
 */
export function sqlString(value: string): string {
  throw new Error('TODO(4): Aggregates with CAST and safe quoting — see README.md, exercise 4');
}

/**
 * Trips, total fare, average distance and largest tip in one city, computed by S3 Select in ONE query with
 * aggregates (S3 Select has no GROUP BY). CSV fields are text: CAST them before SUM, AVG or MAX.
 */
export async function cityStats(
  s3: S3Client,
  bucket: string,
  fixture: Fixture,
  city: string,
): Promise<CityStats> {
  throw new Error('TODO(4): Aggregates with CAST and safe quoting — see README.md, exercise 4');
}
