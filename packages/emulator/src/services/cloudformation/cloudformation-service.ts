import { TemplateError } from '@cloudlab/cfn-templates';
import { AwsError } from '../../core/aws-error.ts';
import { registryOf } from '../../core/operation.ts';
import type { EmulatorRuntime, Service } from '../../core/types.ts';
import { AWS_OPERATIONS } from '../../protocols/aws-operations.ts';
import { createQueryService } from '../../protocols/query.ts';
import * as actions from './actions/index.ts';
import { cloudFormationShape } from './cloudformation-shape.ts';
import { queryInput } from './query-input.ts';
import { deletedStacksOf, stacksOf } from './stack-state.ts';

/**
 * The CloudFormation subset (query protocol) the SAM lab and the AWS tools deploy with: stacks, and the change
 * sets that `aws cloudformation deploy` and `sam deploy` go through. One file per operation in actions/.
 * Stack operations finish before the call returns, so an SDK or CLI waiter sees the final status on its first poll.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html
 */
export function createCloudFormationService(runtime: EmulatorRuntime): Service {
  const service = createQueryService({
    signingName: cloudFormationShape.signingName,
    version: '2010-05-15',
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    operations: registryOf(actions),
    // The query protocol hands each operation its input decoded into the SDK's shape.
    input: queryInput,
    // A template that cannot be evaluated is CloudFormation's ValidationError.
    asAwsError: (error) =>
      error instanceof TemplateError ? new AwsError(error.code, error.message) : undefined,
    unsupported: AWS_OPERATIONS.cloudformation,
  });
  return {
    ...service,
    // Only the stack records: what the stacks created is the same account's, deleted by each service.
    async deleteAccount(accountId) {
      const stacks = stacksOf(runtime);
      for (const [key, stack] of stacks) if (stack.accountId === accountId) stacks.delete(key);
      const deleted = deletedStacksOf(runtime);
      const kept = deleted.filter((stack) => stack.accountId !== accountId);
      deleted.splice(0, deleted.length, ...kept);
    },
  };
}
