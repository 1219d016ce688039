import { abortMultipartUpload } from './actions/abort-multipart-upload.ts';
import { completeMultipartUpload } from './actions/complete-multipart-upload.ts';
import { copyObject } from './actions/copy-object.ts';
import { createBucket } from './actions/create-bucket.ts';
import { createMultipartUpload } from './actions/create-multipart-upload.ts';
import { deleteBucket } from './actions/delete-bucket.ts';
import { deleteBucketTagging } from './actions/delete-bucket-tagging.ts';
import { deleteObject } from './actions/delete-object.ts';
import { deleteObjectTagging } from './actions/delete-object-tagging.ts';
import { deleteObjects } from './actions/delete-objects.ts';
import { getBucketLocation } from './actions/get-bucket-location.ts';
import { getBucketTagging } from './actions/get-bucket-tagging.ts';
import { getBucketVersioning } from './actions/get-bucket-versioning.ts';
import { getObject } from './actions/get-object.ts';
import { getObjectTagging } from './actions/get-object-tagging.ts';
import { headBucket } from './actions/head-bucket.ts';
import { headObject } from './actions/head-object.ts';
import { listBuckets } from './actions/list-buckets.ts';
import { listMultipartUploads } from './actions/list-multipart-uploads.ts';
import { listObjects } from './actions/list-objects.ts';
import { listObjectsV2 } from './actions/list-objects-v2.ts';
import { listParts } from './actions/list-parts.ts';
import { putBucketTagging } from './actions/put-bucket-tagging.ts';
import { putObject } from './actions/put-object.ts';
import { putObjectTagging } from './actions/put-object-tagging.ts';
import { selectObjectContent } from './actions/select-object-content.ts';
import { uploadPart } from './actions/upload-part.ts';
import { uploadPartCopy } from './actions/upload-part-copy.ts';
import type { S3Action } from './s3-action.ts';

/** Every S3 operation the emulator serves, by its AWS name: the one registry the router resolves into. */
export const operations: Record<string, S3Action> = {
  AbortMultipartUpload: abortMultipartUpload,
  CompleteMultipartUpload: completeMultipartUpload,
  CopyObject: copyObject,
  CreateBucket: createBucket,
  CreateMultipartUpload: createMultipartUpload,
  DeleteBucket: deleteBucket,
  DeleteBucketTagging: deleteBucketTagging,
  DeleteObject: deleteObject,
  DeleteObjectTagging: deleteObjectTagging,
  DeleteObjects: deleteObjects,
  GetBucketLocation: getBucketLocation,
  GetBucketTagging: getBucketTagging,
  GetBucketVersioning: getBucketVersioning,
  GetObject: getObject,
  GetObjectTagging: getObjectTagging,
  HeadBucket: headBucket,
  HeadObject: headObject,
  ListBuckets: listBuckets,
  ListMultipartUploads: listMultipartUploads,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListParts: listParts,
  PutBucketTagging: putBucketTagging,
  PutObject: putObject,
  PutObjectTagging: putObjectTagging,
  SelectObjectContent: selectObjectContent,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
};
