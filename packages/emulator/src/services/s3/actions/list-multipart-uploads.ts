import type {
  ListMultipartUploadsOutput,
  ListMultipartUploadsRequest,
  StorageClass,
} from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { parseMaxKeys } from '../shared/listing.ts';
import { ownerOf } from '../shared/owner.ts';
import { compareKeys } from '../store/key-order.ts';

/**
 * ListMultipartUploads — in-progress uploads by key then initiation time, Prefix and
 * KeyMarker/UploadIdMarker paging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
 */
export const listMultipartUploads: S3Operation<ListMultipartUploadsRequest, ListMultipartUploadsOutput> = {
  name: 'ListMultipartUploads',
  iamAction: 's3:ListBucketMultipartUploads',
  http: { method: 'GET', on: 'bucket', subresource: 'uploads' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    const prefix = input.Prefix ?? '';
    const keyMarker = input.KeyMarker ?? '';
    const uploadIdMarker = input.UploadIdMarker ?? '';
    const maxUploads = parseMaxKeys(input.MaxUploads, 'max-uploads');
    const all = [...bucket.uploads.values()]
      .map((upload) => upload.record)
      .filter((upload) => upload.key.startsWith(prefix))
      .sort(
        (a, b) =>
          compareKeys(a.key, b.key) ||
          a.initiated.localeCompare(b.initiated) ||
          a.uploadId.localeCompare(b.uploadId),
      );
    const marked = uploadIdMarker
      ? all.findIndex((upload) => upload.key === keyMarker && upload.uploadId === uploadIdMarker)
      : -1;
    const firstAfterKey = all.findIndex((upload) => compareKeys(upload.key, keyMarker) > 0);
    const start = !keyMarker
      ? 0
      : marked !== -1
        ? marked + 1
        : firstAfterKey === -1
          ? all.length
          : firstAfterKey;
    const page = all.slice(start, start + maxUploads);
    const isTruncated = start + page.length < all.length;
    const last = page.at(-1);
    return {
      Bucket: input.Bucket,
      KeyMarker: keyMarker,
      UploadIdMarker: uploadIdMarker,
      NextKeyMarker: isTruncated ? last?.key : undefined,
      NextUploadIdMarker: isTruncated ? last?.uploadId : undefined,
      Prefix: prefix,
      MaxUploads: maxUploads,
      IsTruncated: isTruncated,
      Uploads: page.map((upload) => ({
        Key: upload.key,
        UploadId: upload.uploadId,
        Initiator: { ID: upload.initiatorArn, DisplayName: upload.initiatorArn },
        Owner: ownerOf(upload.owner),
        StorageClass: (upload.storageClass ?? 'STANDARD') as StorageClass,
        Initiated: new Date(upload.initiated),
        ChecksumAlgorithm: upload.checksumAlgorithm,
        ChecksumType: upload.checksumType,
      })),
    };
  },
};
