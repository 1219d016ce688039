import { requiredString } from '../input.ts';
import { nameFromReference } from '../names.ts';
import { arnOf, requireRecord, type SsmAction, scopeOf } from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DeleteParameter.html */
export const deleteParameter: SsmAction = async (input, ctx, ssm) => {
  const name = nameFromReference(requiredString(input, 'Name'));
  ctx.runtime.authorize(ctx, 'ssm:DeleteParameter', arnOf(ctx, name));
  const record = requireRecord(ssm, ctx, name);
  await ssm.store.commit({ t: 'delete', scope: scopeOf(ctx), name: record.name });
  return {};
};
