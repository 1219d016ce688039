import type { RemoveTagsFromResourceRequest, RemoveTagsFromResourceResult } from '@aws-sdk/client-ssm';
import { stringList } from '../input.ts';
import { type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';
import { taggedParameter } from '../tagging.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_RemoveTagsFromResource.html */
const handle: SsmHandler<RemoveTagsFromResourceRequest, RemoveTagsFromResourceResult> = async (
  input,
  ctx,
  ssm,
) => {
  const record = taggedParameter(input, ctx, ssm, removeTagsFromResource);
  const keys = stringList(input, 'TagKeys', 1, 50);
  const next = Object.fromEntries(Object.entries(record.tags).filter(([key]) => !keys.includes(key)));
  await ssm.store.commit({ t: 'tags', scope: scopeOf(ctx), name: record.name, tags: next });
  return {};
};

export const removeTagsFromResource = ssmOperation('RemoveTagsFromResource', handle);
