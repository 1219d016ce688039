import { receiveDocument } from '../payload/receive-body.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { existingObject, ownedBucket } from '../shared/call-context.ts';

/** The S3 Select engine's entry point, in ../select-object-content.ts (owned by the S3 Select work). */
type SelectHook = typeof import('../select-object-content.ts').selectObjectContent;

/**
 * Loaded on the first SelectObjectContent, not at start: the S3 Select engine is the emulator's largest
 * part and most sessions never select. A literal specifier, so a bundler (the standalone build, see
 * bin/standalone.mjs) sees it and keeps the engine in a chunk of its own.
 */
async function loadHook(): Promise<SelectHook> {
  const module = await import('../select-object-content.ts');
  return module.selectObjectContent;
}

/**
 * SelectObjectContent — hands the object to the S3 Select engine, whose answer is an event stream
 * (protocols/event-stream.ts). The request document is read and verified here.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html
 */
export const selectObjectContent: S3Operation = {
  name: 'SelectObjectContent',
  iamAction: 's3:GetObject',
  http: { method: 'POST', on: 'object', subresource: 'select' },
  async handle(call) {
    if (call.query.get('select-type') !== '2') {
      throw s3Errors.invalidArgument(
        'The select-type parameter must be 2.',
        'select-type',
        call.query.get('select-type') ?? '',
      );
    }
    const bucket = ownedBucket(call);
    const object = existingObject(bucket, call.key);
    const hook = await loadHook();
    const document = await receiveDocument(call.request, call.ctx);
    return { eventStream: await hook(document, call.ctx, call.store.handle(bucket, object)) };
  },
};
