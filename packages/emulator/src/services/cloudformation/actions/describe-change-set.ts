import type { DescribeChangeSetInput, DescribeChangeSetOutput } from '@aws-sdk/client-cloudformation';
import type { RequestContext } from '../../../core/types.ts';
import { findChangeSet } from '../change-sets.ts';
import { parameterList } from '../query-input.ts';
import { stacksOf } from '../stack-state.ts';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html */
export async function describeChangeSet(
  input: DescribeChangeSetInput,
  ctx: RequestContext,
): Promise<DescribeChangeSetOutput> {
  const { stack, changeSet } = findChangeSet(
    ctx,
    stacksOf(ctx.runtime).values(),
    input.ChangeSetName,
    input.StackName,
  );
  ctx.runtime.authorize(ctx, 'cloudformation:DescribeChangeSet', stack.stackId);
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: changeSet.id,
    StackId: stack.stackId,
    StackName: stack.name,
    ...(changeSet.description ? { Description: changeSet.description } : {}),
    Parameters: parameterList(changeSet.parameters),
    CreationTime: changeSet.creationTime,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    ...(changeSet.statusReason ? { StatusReason: changeSet.statusReason } : {}),
    Capabilities: changeSet.capabilities as DescribeChangeSetOutput['Capabilities'],
    Tags: changeSet.tags,
    Changes: changeSet.changes.map((change) => ({
      Type: 'Resource',
      ResourceChange: { ...change, Scope: [], Details: [] },
    })),
  };
}
