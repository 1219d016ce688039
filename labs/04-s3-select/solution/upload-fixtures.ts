import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { FIXTURES, type FixtureName } from './formats.ts';

export interface UploadedFixture {
  name: FixtureName;
  key: string;
  bytes: number;
}

/** Uploads every fixture of FIXTURES from `dir` to `bucket`, under its key and with its Content-Type. */
export async function uploadFixtures(s3: S3Client, bucket: string, dir: string): Promise<UploadedFixture[]> {
  // BEGIN SOLUTION 1
  const entries = Object.entries(FIXTURES) as [FixtureName, (typeof FIXTURES)[FixtureName]][];
  return Promise.all(
    entries.map(async ([name, fixture]) => {
      const body = await readFile(join(dir, fixture.key));
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: fixture.key,
          Body: body,
          ContentType: fixture.contentType,
        }),
      );
      return { name, key: fixture.key, bytes: body.length };
    }),
  );
  // END SOLUTION
}
