import { defineLab } from '@cloudlab/grader/lab';

export default defineLab({
  id: '02',
  slug: 'client-vs-resource',
  title:
    'Client vs resource: commands, paginators, waiters, errors, middleware — and a resource layer of your own',
  objectives: [
    'Call S3 with a bare-bones S3Client and commands, and with the aggregated S3 client, and know what each costs',
    'Read every page of a listing with the SDK paginator',
    'Wait for an object with a waiter instead of a sleep loop',
    'Handle service errors by class and by HTTP status',
    'Add a middleware that logs each operation and its latency',
    'Build the resource layer boto3 gave you (Bucket, S3Object) on top of the client',
  ],
  exercises: [
    { n: 1, title: 'Round trip with a bare-bones client and with the aggregated client', file: 'clients.ts' },
    { n: 2, title: 'List every key with paginateListObjectsV2', file: 'list-keys.ts' },
    { n: 3, title: 'Wait for an object with waitUntilObjectExists', file: 'wait-for-object.ts' },
    { n: 4, title: 'Handle errors by class and status', file: 'errors.ts' },
    { n: 5, title: 'Log operation and latency with a middleware', file: 'timing-middleware.ts' },
    { n: 6, title: 'A resource layer: Bucket and S3Object', file: 'resource.ts' },
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
