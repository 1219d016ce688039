import { defineLab } from '@cloudlab/grader/lab';

export default defineLab({
  id: '04',
  slug: 's3-select',
  title: 'S3 Select: SQL over one object, the event stream, and what to do now that AWS closed it',
  objectives: [
    'Upload CSV, gzipped CSV, JSON lines and Parquet objects',
    'Run SelectObjectContent and rebuild whole records from its event stream',
    'Read the Stats event and compare the bytes S3 Select moves with a full GetObject',
    'Compute aggregates with CAST in one query, with values quoted safely',
    'Split a large object into ScanRanges, query them in parallel and merge the results',
    'Turn a bad query into an error the user can act on',
    'Fall back to client-side SQL when the endpoint does not offer S3 Select',
    "Read a Parquet object's footer with byte-range GETs, as DuckDB and other readers over S3 do",
  ],
  exercises: [
    { n: 1, title: 'Upload the fixtures', file: 'upload-fixtures.ts' },
    { n: 2, title: 'Select records from the event stream', file: 'select-records.ts' },
    { n: 3, title: 'Compare bytes with a full download', file: 'compare-bytes.ts' },
    { n: 4, title: 'Aggregates with CAST and safe quoting', file: 'aggregates.ts' },
    { n: 5, title: 'ScanRanges in parallel', file: 'scan-ranges.ts' },
    { n: 6, title: 'Errors the user can act on', file: 'query-errors.ts' },
    { n: 7, title: 'Fall back to client-side SQL', file: 'select-with-fallback.ts' },
    { n: 8, title: 'Read a Parquet footer with byte ranges', file: 'parquet-footer.ts' },
  ],
  aws: {
    services: ['s3'],
    permissions: [
      's3:CreateBucket',
      's3:DeleteBucket',
      's3:ListBucket',
      's3:PutObject',
      's3:GetObject',
      's3:DeleteObject',
      's3:PutBucketTagging',
      's3:GetBucketTagging',
    ],
  },
});
