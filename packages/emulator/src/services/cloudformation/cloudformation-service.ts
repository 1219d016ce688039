import { TemplateError } from '@cloudlab/cfn-templates';
import { AwsError } from '../../core/aws-error.ts';
import type { EmulatorRuntime, RequestContext, Service } from '../../core/types.ts';
import { createQueryService, type QueryOperation } from '../../protocols/query.ts';
import { createChangeSet } from './actions/create-change-set.ts';
import { createStack } from './actions/create-stack.ts';
import { deleteChangeSet } from './actions/delete-change-set.ts';
import { deleteStack } from './actions/delete-stack.ts';
import { describeChangeSet } from './actions/describe-change-set.ts';
import { describeStackEvents } from './actions/describe-stack-events.ts';
import { describeStackResource } from './actions/describe-stack-resource.ts';
import { describeStackResources } from './actions/describe-stack-resources.ts';
import { describeStacks } from './actions/describe-stacks.ts';
import { executeChangeSet } from './actions/execute-change-set.ts';
import { getTemplate } from './actions/get-template.ts';
import { getTemplateSummary } from './actions/get-template-summary.ts';
import { listChangeSets } from './actions/list-change-sets.ts';
import { listStackResources } from './actions/list-stack-resources.ts';
import { listStacks } from './actions/list-stacks.ts';
import { updateStack } from './actions/update-stack.ts';
import { validateTemplate } from './actions/validate-template.ts';
import { queryInput } from './query-input.ts';
import { stacksOf } from './stack-state.ts';

// biome-ignore lint/suspicious/noExplicitAny: each action narrows its own input; the table stays one type.
type Action = (input: any, ctx: RequestContext) => Promise<object>;

/** Every operation served, one file each in actions/, typed with the SDK's input and output shapes. */
const actions: Record<string, Action> = {
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
  DescribeStacks: describeStacks,
  ListStacks: listStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResource: describeStackResource,
  DescribeStackResources: describeStackResources,
  ListStackResources: listStackResources,
  GetTemplate: getTemplate,
  GetTemplateSummary: getTemplateSummary,
  ValidateTemplate: validateTemplate,
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  ListChangeSets: listChangeSets,
};

/**
 * The query protocol hands each action its input decoded into the SDK's shape; a template that cannot be
 * evaluated is CloudFormation's ValidationError.
 */
const typedOperations = (table: Record<string, Action>): Record<string, QueryOperation> =>
  Object.fromEntries(
    Object.entries(table).map(([name, action]) => [
      name,
      async (params, ctx) => {
        try {
          return await action(queryInput(params), ctx);
        } catch (error) {
          if (error instanceof TemplateError) throw new AwsError(error.code, error.message);
          throw error;
        }
      },
    ]),
  );

/**
 * The CloudFormation subset (query protocol) the SAM lab and the AWS tools deploy with: stacks, and the change
 * sets that `aws cloudformation deploy` and `sam deploy` go through. One file per operation in actions/.
 * Stack operations finish before the call returns, so an SDK or CLI waiter sees the final status on its first poll.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html
 */
export function createCloudFormationService(runtime: EmulatorRuntime): Service {
  const service = createQueryService({
    signingName: 'cloudformation',
    version: '2010-05-15',
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    operations: typedOperations(actions),
    unsupported: [
      'CancelUpdateStack',
      'ContinueUpdateRollback',
      'DescribeStackDriftDetectionStatus',
      'DetectStackDrift',
      'SetStackPolicy',
      'UpdateTerminationProtection',
    ],
  });
  return {
    ...service,
    // Only the stack records: what the stacks created is the same account's, deleted by each service.
    async deleteAccount(accountId) {
      const stacks = stacksOf(runtime);
      for (const [key, stack] of stacks) if (stack.accountId === accountId) stacks.delete(key);
    },
  };
}
