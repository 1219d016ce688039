import type { DeleteParameterRequest, DeleteParameterResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { requiredString } from '../input.ts';
import { nameFromReference } from '../names.ts';
import { arnOf, requireRecord, type SsmOperation, scopeOf } from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DeleteParameter.html */
export const deleteParameter: SsmOperation<DeleteParameterRequest, DeleteParameterResult> = {
  name: 'DeleteParameter',
  iamAction: 'ssm:DeleteParameter',
  async handle(input, ctx, ssm) {
    const name = nameFromReference(requiredString(input, 'Name'));
    allow(ctx, deleteParameter, arnOf(ctx, name));
    const record = requireRecord(ssm, ctx, name);
    await ssm.store.commit({ t: 'delete', scope: scopeOf(ctx), name: record.name });
    return {};
  },
};
