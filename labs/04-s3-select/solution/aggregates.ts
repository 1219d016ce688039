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
  // BEGIN SOLUTION 4
  return `'${value.replaceAll("'", "''")}'`;
  // END SOLUTION
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
  // BEGIN SOLUTION 4
  const sql =
    'SELECT COUNT(*) AS trips, SUM(CAST(s.fare AS FLOAT)) AS total_fare, ' +
    'AVG(CAST(s.distance_km AS FLOAT)) AS avg_distance, MAX(CAST(s.tip AS FLOAT)) AS max_tip ' +
    `FROM S3Object s WHERE s.city = ${sqlString(city)}`;
  const { records } = await selectRecords(s3, { bucket, key: fixture.key, sql, input: fixture.input });
  const row = records[0] ?? {};
  return {
    trips: Number(row.trips ?? 0),
    totalFare: Number(row.total_fare ?? 0),
    avgDistance: Number(row.avg_distance ?? 0),
    maxTip: Number(row.max_tip ?? 0),
  };
  // END SOLUTION
}
