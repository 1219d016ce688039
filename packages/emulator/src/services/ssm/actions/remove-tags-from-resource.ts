import type { RemoveTagsFromResourceRequest, RemoveTagsFromResourceResult } from '@aws-sdk/client-ssm';
import { stringList } from '../input.ts';
import { type SsmOperation, scopeOf } from '../ssm-context.ts';
import { taggedParameter } from '../tagging.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_RemoveTagsFromResource.html */
export const removeTagsFromResource: SsmOperation<
  RemoveTagsFromResourceRequest,
  RemoveTagsFromResourceResult
> = {
  name: 'RemoveTagsFromResource',
  iamAction: 'ssm:RemoveTagsFromResource',
  async handle(input, ctx, ssm) {
    const record = taggedParameter(input, ctx, ssm, removeTagsFromResource);
    const keys = stringList(input, 'TagKeys', 1, 50);
    const next = Object.fromEntries(Object.entries(record.tags).filter(([key]) => !keys.includes(key)));
    await ssm.store.commit({ t: 'tags', scope: scopeOf(ctx), name: record.name, tags: next });
    return {};
  },
};
