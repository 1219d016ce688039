import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { uploadFixtures } from '@lab/upload-fixtures.ts';
import { expect } from 'vitest';
import { FIXTURE_DIR, useLabBucket } from './support/s3.ts';

const bucket = useLabBucket('upload');

check(
  'uploadFixtures puts all four fixtures in the bucket with their sizes and Content-Types',
  {
    points: 5,
    exercise: 1,
    concept: 'objects',
    hint: [
      'Loop over Object.entries(FIXTURES) (formats.ts): read join(dir, fixture.key) and send a PutObjectCommand.',
      'Set ContentType: fixture.contentType, and return { name, key, bytes } for each.',
    ],
  },
  async () => {
    const uploaded = await uploadFixtures(bucket.s3, bucket.name, FIXTURE_DIR);
    expect(uploaded.map((u) => u.name).sort()).toEqual(['csv', 'csv-gzip', 'jsonl', 'parquet']);
    const types: Record<string, string> = {
      'trips.csv': 'text/csv',
      'trips.csv.gz': 'application/gzip',
      'trips.jsonl': 'application/x-ndjson',
      'trips.parquet': 'application/vnd.apache.parquet',
    };
    for (const [key, contentType] of Object.entries(types)) {
      const size = (await stat(join(FIXTURE_DIR, key))).size;
      const head = await bucket.s3.send(new HeadObjectCommand({ Bucket: bucket.name, Key: key }));
      expect(head.ContentLength, key).toBe(size);
      expect(head.ContentType, key).toBe(contentType);
      expect(uploaded.find((u) => u.key === key)?.bytes, key).toBe(size);
    }
  },
);
