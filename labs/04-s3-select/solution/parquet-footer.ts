import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parquetMetadata } from 'hyparquet';

export interface ParquetFooter {
  /** Rows in the file, from the footer's metadata. */
  rows: number;
  /** The names of the file's columns (the schema's leaves), in schema order. */
  columns: string[];
  /** How many row groups the file is cut into (the unit a reader can skip or fetch alone). */
  rowGroups: number;
}

/** A Parquet file ends with its footer's length (4 bytes, little-endian) and the magic bytes "PAR1". */
const TAIL = 8;
const MAGIC = 'PAR1';

/**
 * Reads a Parquet object's metadata without downloading it: one ranged GET for the last 8 bytes (the footer's
 * length and the magic bytes), one for the footer itself — what DuckDB's httpfs and every Parquet reader over
 * S3 do before fetching only the columns a query needs.
 */
export async function readParquetFooter(s3: S3Client, bucket: string, key: string): Promise<ParquetFooter> {
  // BEGIN SOLUTION 8
  // A suffix range ("the last n bytes"): no need to know the object's size first.
  const lastBytes = async (count: number): Promise<Uint8Array> => {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=-${count}` }));
    return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  };
  const tail = await lastBytes(TAIL);
  if (new TextDecoder().decode(tail.subarray(4)) !== MAGIC) {
    throw new Error(`s3://${bucket}/${key} is not a Parquet file: it does not end with "${MAGIC}"`);
  }
  const footerLength = new DataView(tail.buffer, tail.byteOffset, 4).getUint32(0, true);
  const footer = await lastBytes(footerLength + TAIL);
  const metadata = parquetMetadata(footer);
  return {
    rows: Number(metadata.num_rows),
    columns: metadata.schema.slice(1).flatMap((element) => (element.num_children ? [] : [element.name])),
    rowGroups: metadata.row_groups.length,
  };
  // END SOLUTION
}
