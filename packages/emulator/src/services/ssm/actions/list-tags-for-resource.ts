import type { ListTagsForResourceRequest, ListTagsForResourceResult } from '@aws-sdk/client-ssm';
import { type SsmHandler, ssmOperation } from '../ssm-context.ts';
import { taggedParameter } from '../tagging.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListTagsForResource.html */
const handle: SsmHandler<ListTagsForResourceRequest, ListTagsForResourceResult> = async (input, ctx, ssm) => {
  const record = taggedParameter(input, ctx, ssm, listTagsForResource);
  return { TagList: Object.entries(record.tags).map(([Key, Value]) => ({ Key, Value })) };
};

export const listTagsForResource = ssmOperation('ListTagsForResource', handle);
