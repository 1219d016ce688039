import type { DeleteParametersRequest, DeleteParametersResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { stringList } from '../input.ts';
import { nameFromReference } from '../names.ts';
import { arnOf, type SsmOperation, scopeOf } from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DeleteParameters.html */
export const deleteParameters: SsmOperation<DeleteParametersRequest, DeleteParametersResult> = {
  name: 'DeleteParameters',
  iamAction: 'ssm:DeleteParameters',
  async handle(input, ctx, ssm) {
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
  },
};
