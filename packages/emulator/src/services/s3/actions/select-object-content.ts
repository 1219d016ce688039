import type { SelectObjectContentOutput, SelectObjectContentRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { existingObject, ownedBucket } from '../shared/bucket-access.ts';

/** The S3 Select engine's entry point, in ../select-object-content.ts (owned by the S3 Select work). */
type SelectHook = typeof import('../select-object-content.ts').selectEvents;

/**
 * Loaded on the first SelectObjectContent, not at start: the S3 Select engine is the emulator's largest
 * part and most sessions never select. A literal specifier, so a bundler (the standalone build, see
 * bin/standalone.mjs) sees it and keeps the engine in a chunk of its own.
 */
async function loadHook(): Promise<SelectHook> {
  const module = await import('../select-object-content.ts');
  return module.selectEvents;
}

/**
 * SelectObjectContent — hands the object to the S3 Select engine, whose events the event-stream adapter
 * (protocols/event-stream.ts) encodes. The request document is read and verified here.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html
 */
export const selectObjectContent: S3Operation<SelectObjectContentRequest, SelectObjectContentOutput> = {
  name: 'SelectObjectContent',
  iamAction: 's3:GetObject',
  http: {
    method: 'POST',
    on: 'object',
    subresource: 'select',
    fixedQuery: { name: 'select-type', value: '2' },
  },
  async handle(input, ctx, { store, body }) {
    const bucket = ownedBucket(store, ctx, input);
    const object = existingObject(bucket, input.Key);
    const hook = await loadHook();
    const document = await body.document();
    return { Payload: hook(document, ctx, store.handle(bucket, object)) };
  },
};
