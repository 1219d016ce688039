import type { CreateBucketOutput, CreateBucketRequest } from '@aws-sdk/client-s3';
import { AwsError } from '../../../core/aws-error.ts';
import type { RequestContext } from '../../../core/types.ts';
import type { RequestBody } from '../payload/request-body.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import { parseXmlDocument, textOf } from '../protocol/xml.ts';
import type { S3Operation } from '../s3-action.ts';
import { assertValidBucketName } from '../shared/bucket-name.ts';
import { assertBucketAclAllowed } from '../shared/object-ownership.ts';
import { nowIso } from '../shared/request-time.ts';

async function requestedLocation(body: RequestBody): Promise<string | undefined> {
  const document = await body.document();
  if (document.length === 0) return undefined;
  const config = parseXmlDocument(document, 'CreateBucketConfiguration');
  const location = textOf(config, 'LocationConstraint');
  return location === '' ? undefined : location;
}

/**
 * The region a new bucket lands in, with S3's LocationConstraint rules: outside us-east-1 the
 * constraint must name the endpoint's region; in us-east-1 it must be absent (naming "us-east-1" is
 * refused). The emulator's `lenient` mode accepts a missing constraint anywhere.
 */
function bucketRegion(ctx: RequestContext, location: string | undefined): string {
  const region = ctx.region;
  if (location === undefined) {
    if (region === 'us-east-1' || ctx.runtime.options.lenient) return region;
    throw new AwsError(
      'IllegalLocationConstraintException',
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
    );
  }
  if (location === 'us-east-1' && region === 'us-east-1') {
    throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, {
      LocationConstraint: location,
    });
  }
  if (location !== region) {
    throw new AwsError(
      'IllegalLocationConstraintException',
      `The ${location} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    );
  }
  return location;
}

/** CreateBucket. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html */
export const createBucket: S3Operation<CreateBucketRequest, CreateBucketOutput> = {
  name: 'CreateBucket',
  iamAction: 's3:CreateBucket',
  http: { method: 'PUT', on: 'bucket' },
  async handle(input, ctx, { store, body }) {
    assertValidBucketName(input.Bucket);
    assertBucketAclAllowed(input);
    const region = bucketRegion(ctx, await requestedLocation(body));
    const accountId = ctx.principal.accountId;
    const existing = store.findBucket(input.Bucket);
    if (existing) {
      if (existing.record.owner !== accountId) throw s3Errors.bucketAlreadyExists(input.Bucket);
      // us-east-1's legacy behaviour: re-creating your own bucket there succeeds and changes nothing.
      if (existing.record.region !== 'us-east-1' || region !== 'us-east-1') {
        throw s3Errors.bucketAlreadyOwnedByYou(input.Bucket);
      }
      return { Location: `/${input.Bucket}` };
    }
    await store.createBucket({
      name: input.Bucket,
      owner: accountId,
      region,
      creationDate: nowIso(ctx),
    });
    return { Location: `/${input.Bucket}` };
  },
};
