import type { SsmAction } from '../ssm-context.ts';
import { taggedParameter } from '../tagging.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListTagsForResource.html */
export const listTagsForResource: SsmAction = async (input, ctx, ssm) => {
  const record = taggedParameter(input, ctx, ssm, 'ssm:ListTagsForResource');
  return { TagList: Object.entries(record.tags).map(([Key, Value]) => ({ Key, Value })) };
};
