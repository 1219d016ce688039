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
  throw new Error('TODO(1): Upload the fixtures — see README.md, exercise 1');
}
