import type { AddTagsToResourceRequest, AddTagsToResourceResult } from '@aws-sdk/client-ssm';
import { AwsError } from '../../../core/aws-error.ts';
import { constraint } from '../errors.ts';
import { tagList } from '../input.ts';
import { type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';
import { taggedParameter } from '../tagging.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html */
const handle: SsmHandler<AddTagsToResourceRequest, AddTagsToResourceResult> = async (input, ctx, ssm) => {
  const record = taggedParameter(input, ctx, ssm, addTagsToResource);
  const tags = tagList(input, 'Tags');
  if (!tags) throw constraint(null, 'tags', 'Member must not be null');
  const next = { ...record.tags, ...Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])) };
  if (Object.keys(next).length > 50) {
    throw new AwsError(
      'TooManyTagsError',
      'The Tags parameter contains too many tags: a resource can have at most 50.',
    );
  }
  await ssm.store.commit({ t: 'tags', scope: scopeOf(ctx), name: record.name, tags: next });
  return {};
};

export const addTagsToResource = ssmOperation('AddTagsToResource', handle);
