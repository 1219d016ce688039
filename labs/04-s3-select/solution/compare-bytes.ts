import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SelectQuery, SelectStats } from './formats.ts';
import { selectRecords } from './select-records.ts';

export interface ByteComparison {
  /** The Stats event of the query. */
  select: SelectStats;
  /** Bytes a full GetObject downloads: what filtering on the client would transfer. */
  downloaded: number;
  /** Share of the download S3 Select saved: 1 − returned / downloaded. */
  saved: number;
}

/** Runs the query, downloads the whole object, and compares the bytes each moved. */
export async function compareWithDownload(s3: S3Client, query: SelectQuery): Promise<ByteComparison> {
  // BEGIN SOLUTION 3
  const { stats } = await selectRecords(s3, query);
  if (!stats) throw new Error(`SelectObjectContent on ${query.key} sent no Stats event`);
  const object = await s3.send(new GetObjectCommand({ Bucket: query.bucket, Key: query.key }));
  const body = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  return { select: stats, downloaded: body.length, saved: 1 - stats.returned / body.length };
  // END SOLUTION
}
