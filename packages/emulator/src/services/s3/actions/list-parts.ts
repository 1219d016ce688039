import type { ListPartsOutput, ListPartsRequest, StorageClass } from '@aws-sdk/client-s3';
import { checksumMember } from '../payload/checksums.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { parseMaxKeys } from '../shared/listing.ts';
import { ownerOf } from '../shared/owner.ts';

/** ListParts — PartNumberMarker / MaxParts paging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html */
export const listParts: S3Operation<ListPartsRequest, ListPartsOutput> = {
  name: 'ListParts',
  iamAction: 's3:ListMultipartUploadParts',
  http: { method: 'GET', on: 'object', subresource: 'uploadId' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    const upload = store.uploadFor(bucket, input.Key, input.UploadId ?? '');
    const marker = Number(input.PartNumberMarker ?? 0) || 0;
    const maxParts = parseMaxKeys(input.MaxParts, 'max-parts');
    const after = [...upload.parts.values()]
      .filter((part) => part.partNumber > marker)
      .sort((a, b) => a.partNumber - b.partNumber);
    const page = after.slice(0, maxParts);
    const { record } = upload;
    return {
      Bucket: input.Bucket,
      Key: input.Key,
      UploadId: record.uploadId,
      PartNumberMarker: String(marker),
      NextPartNumberMarker: String(page.at(-1)?.partNumber ?? marker),
      MaxParts: maxParts,
      IsTruncated: after.length > page.length,
      Parts: page.map((part) => ({
        PartNumber: part.partNumber,
        LastModified: new Date(part.lastModified),
        ETag: part.etag,
        Size: part.size,
        ...checksumMember(part.checksumAlgorithm, part.checksum),
      })),
      Initiator: { ID: record.initiatorArn, DisplayName: record.initiatorArn },
      Owner: ownerOf(record.owner),
      StorageClass: (record.storageClass ?? 'STANDARD') as StorageClass,
      ChecksumAlgorithm: record.checksumAlgorithm,
      ChecksumType: record.checksumType,
    };
  },
};
