import type { DeleteParametersRequest, DeleteParametersResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { stringList } from '../input.ts';
import { nameFromReference } from '../names.ts';
import { arnOf, type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DeleteParameters.html */
const handle: SsmHandler<DeleteParametersRequest, DeleteParametersResult> = async (input, ctx, ssm) => {
  const DeletedParameters: string[] = [];
  const InvalidParameters: string[] = [];
  for (const reference of stringList(input, 'Names', 1, 10)) {
    const name = nameFromReference(reference);
    allow(ctx, deleteParameters, arnOf(ctx, name));
    const record = ssm.store.get(scopeOf(ctx), name);
    if (!record) {
      InvalidParameters.push(reference);
      continue;
    }
    await ssm.store.commit({ t: 'delete', scope: scopeOf(ctx), name: record.name });
    DeletedParameters.push(reference);
  }
  return { DeletedParameters, InvalidParameters };
};

export const deleteParameters = ssmOperation('DeleteParameters', handle);
