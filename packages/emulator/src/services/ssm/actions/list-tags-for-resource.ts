import type { ListTagsForResourceRequest, ListTagsForResourceResult } from '@aws-sdk/client-ssm';
import type { SsmOperation } from '../ssm-context.ts';
import { taggedParameter } from '../tagging.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListTagsForResource.html */
export const listTagsForResource: SsmOperation<ListTagsForResourceRequest, ListTagsForResourceResult> = {
  name: 'ListTagsForResource',
  iamAction: 'ssm:ListTagsForResource',
  async handle(input, ctx, ssm) {
    const record = taggedParameter(input, ctx, ssm, listTagsForResource);
    return { TagList: Object.entries(record.tags).map(([Key, Value]) => ({ Key, Value })) };
  },
};
