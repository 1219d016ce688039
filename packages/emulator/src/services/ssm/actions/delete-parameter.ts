import type { DeleteParameterRequest, DeleteParameterResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { requiredString } from '../input.ts';
import { nameFromReference } from '../names.ts';
import { arnOf, requireRecord, type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DeleteParameter.html */
const handle: SsmHandler<DeleteParameterRequest, DeleteParameterResult> = async (input, ctx, ssm) => {
  const name = nameFromReference(requiredString(input, 'Name'));
  allow(ctx, deleteParameter, arnOf(ctx, name));
  const record = requireRecord(ssm, ctx, name);
  await ssm.store.commit({ t: 'delete', scope: scopeOf(ctx), name: record.name });
  return {};
};

export const deleteParameter = ssmOperation('DeleteParameter', handle);
