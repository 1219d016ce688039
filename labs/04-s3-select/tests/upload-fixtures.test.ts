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
      const head = await bucket.s3
        .send(new HeadObjectCommand({ Bucket: bucket.name, Key: key }))
        .catch((error: Error) => {
          if (error.name === 'NotFound') return undefined;
          throw error;
        });
      expect(
        head,
        `the object under the key ${key}: upload each fixture under FIXTURES[name].key, not its path on disk`,
      ).toBeDefined();
      expect(
        head?.ContentLength,
        `bytes stored under ${key}: the file's bytes — read it as a Buffer (readFile without an encoding); as UTF-8 text the gzip and Parquet bytes are changed, and a string counts characters, not bytes`,
      ).toBe(size);
      expect(head?.ContentType, key).toBe(contentType);
      expect(
        uploaded.find((u) => u.key === key)?.bytes,
        `bytes uploadFixtures returned for ${key}: the file's size in bytes — a string's length counts characters (ü is two bytes in UTF-8)`,
      ).toBe(size);
    }
  },
);
