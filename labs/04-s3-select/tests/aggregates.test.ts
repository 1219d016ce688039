import { check } from '@cloudlab/grader';
import { cityStats, sqlString } from '@lab/aggregates.ts';
import { FIXTURES, type FixtureName } from '@lab/formats.ts';
import { beforeAll, expect } from 'vitest';
import { fixtureTrips, recordCalls, type Trip, testS3, useLabBucket } from './support/s3.ts';

const exercise = 4;
const bucket = useLabBucket('aggregates', { fixtures: true });
let trips: Trip[] = [];
beforeAll(async () => {
  trips = await fixtureTrips();
});

function expected(city: string) {
  const mine = trips.filter((t) => t.city === city);
  return {
    trips: mine.length,
    totalFare: mine.reduce((sum, t) => sum + t.fare, 0),
    avgDistance: mine.reduce((sum, t) => sum + t.distance_km, 0) / mine.length,
    maxTip: Math.max(...mine.map((t) => t.tip)),
  };
}

check(
  'sqlString quotes a value as an SQL literal, doubling quotes inside',
  {
    points: 2,
    exercise,
    concept: 'quoting',
    hint: "Wrap in single quotes and replace each ' inside with '' (two single quotes).",
  },
  () => {
    expect(
      sqlString('Oslo'),
      'sqlString("Oslo"): an SQL string literal is in single quotes (in S3 Select, double quotes name a column)',
    ).toBe("'Oslo'");
    expect(
      sqlString("L'Aquila"),
      'sqlString("L\'Aquila"): SQL writes a quote inside a literal twice — a backslash escapes nothing in SQL',
    ).toBe("'L''Aquila'");
    expect(
      sqlString("x' OR '1'='1"),
      "sqlString(\"x' OR '1'='1\"): every quote inside the value doubled, not only the first (String.replace with a string replaces one; replaceAll replaces them all)",
    ).toBe("'x'' OR ''1''=''1'");
  },
);

for (const name of ['csv', 'csv-gzip', 'jsonl', 'parquet'] as FixtureName[]) {
  check(
    `cityStats computes count, sum, average and max in one query over the ${name} fixture`,
    {
      points: 3,
      exercise,
      concept: 'aggregates',
      hint: [
        'One query: SELECT COUNT(*) AS trips, SUM(…) AS total_fare, AVG(…) AS avg_distance, MAX(…) AS max_tip FROM S3Object s WHERE s.city = …',
        'CSV fields are strings: CAST(s.fare AS FLOAT) before SUM, AVG and MAX (harmless for JSON and Parquet numbers).',
        'Quote the city with sqlString: L\'Aquila and "Washington, D.C." are cities here.',
        'All four aggregates in the same SELECT list — one request, one scan — not one query per number.',
      ],
    },
    async () => {
      const client = testS3();
      const calls = recordCalls(client);
      for (const city of ["L'Aquila", 'Washington, D.C.']) {
        const before = calls.get('SelectObjectContentCommand')?.length ?? 0;
        const stats = await cityStats(client, bucket.name, FIXTURES[name], city);
        expect(
          (calls.get('SelectObjectContentCommand')?.length ?? 0) - before,
          `SelectObjectContent requests for ${city}: the chapter asks for ONE query (S3 Select has no GROUP BY, but one SELECT holds all four aggregates)`,
        ).toBe(1);
        const want = expected(city);
        // Fares, distances and tips have decimals: a CAST AS INT drops them.
        const decimals = 'it has decimals: CAST AS FLOAT, not INT';
        expect(stats.trips, `${city}: trips`).toBe(want.trips);
        expect(stats.totalFare, `${city}: totalFare, the sum of the fares (${decimals})`).toBeCloseTo(
          want.totalFare,
          2,
        );
        expect(stats.avgDistance, `${city}: avgDistance (${decimals})`).toBeCloseTo(want.avgDistance, 4);
        expect(stats.maxTip, `${city}: maxTip (${decimals})`).toBeCloseTo(want.maxTip, 2);
      }
    },
  );
}
