import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { check } from '@cloudlab/grader';
import { compareWithDownload } from '@lab/compare-bytes.ts';
import { FIXTURES } from '@lab/formats.ts';
import { expect } from 'vitest';
import { FIXTURE_DIR, useLabBucket } from './support/s3.ts';

const bucket = useLabBucket('bytes', { fixtures: true });
const sql = "SELECT s.trip_id FROM S3Object s WHERE s.city = 'Oslo' AND s.passengers = '4'";
const size = async (key: string) => (await stat(join(FIXTURE_DIR, key))).size;

check(
  'compareWithDownload reports the Stats of the query against the bytes of a full GetObject',
  {
    points: 5,
    exercise: 3,
    concept: 'Stats',
    hint: [
      'selectRecords (exercise 2) already returns the Stats event as { scanned, processed, returned }.',
      'Download the object with GetObjectCommand and count its bytes: await out.Body.transformToByteArray().',
      'saved = 1 − returned / downloaded.',
    ],
  },
  async () => {
    const result = await compareWithDownload(bucket.s3, {
      bucket: bucket.name,
      key: FIXTURES.csv.key,
      sql,
      input: FIXTURES.csv.input,
    });
    const objectBytes = await size(FIXTURES.csv.key);
    expect(result.downloaded, 'downloaded: the bytes of a full GetObject').toBe(objectBytes);
    expect(result.select.scanned, 'select.scanned: BytesScanned of the Stats event').toBe(objectBytes);
    expect(result.select.returned, 'select.returned: BytesReturned of the Stats event').toBeGreaterThan(0);
    expect(result.select.returned).toBeLessThan(objectBytes / 10);
    expect(
      typeof result.saved,
      'saved is a number (toFixed returns a string: round where you print it, not in the result)',
    ).toBe('number');
    expect(
      result.saved,
      'saved = 1 − returned / downloaded (the share of the download S3 Select saved: between 0 and 1, not a percentage)',
    ).toBeCloseTo(1 - result.select.returned / objectBytes, 6);
  },
);

check(
  'for the gzipped CSV, S3 Select scans the compressed bytes and processes the uncompressed ones',
  {
    points: 3,
    exercise: 3,
    hint: [
      'Map BytesScanned to scanned and BytesProcessed to processed; GetObject returns the object as stored (gzipped).',
      'saved compares with what a download moves: 1 − returned / downloaded, where downloaded is the gzipped size — not BytesProcessed.',
    ],
  },
  async () => {
    const result = await compareWithDownload(bucket.s3, {
      bucket: bucket.name,
      key: FIXTURES['csv-gzip'].key,
      sql,
      input: FIXTURES['csv-gzip'].input,
    });
    expect(result.downloaded, 'downloaded: the bytes GetObject returned (the gzipped object)').toBe(
      await size('trips.csv.gz'),
    );
    expect(result.select.scanned, 'select.scanned: BytesScanned, the compressed bytes').toBe(
      await size('trips.csv.gz'),
    );
    expect(result.select.processed, 'select.processed: BytesProcessed, the uncompressed bytes').toBe(
      await size('trips.csv'),
    );
    expect(result.saved, 'saved = 1 − returned / downloaded').toBeCloseTo(
      1 - result.select.returned / result.downloaded,
      6,
    );
  },
);
