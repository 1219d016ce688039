import {
  type Capability,
  type Change,
  type ChangeSetType,
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  waitForChangeSetCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { SamError } from './sam-error.ts';

/**
 * The change-set half of `sam deploy` (and `aws cloudformation deploy`): CreateChangeSet of type CREATE or
 * UPDATE, the SDK's change-set-create-complete waiter, then every change read back for review. A change set
 * that would change nothing is FAILED with AWS's "didn't contain changes" reason: not an error, as with
 * `sam deploy --no-fail-on-empty-changeset`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html
 */
export interface ChangeSetReview {
  name: string;
  id: string;
  type: ChangeSetType;
  /** Action, LogicalResourceId, ResourceType, Replacement of each resource the change set would touch. */
  changes: ResourceChangeRow[];
  /** True when CloudFormation found nothing to change (the change set is deleted again). */
  empty: boolean;
}

export interface ResourceChangeRow {
  action: string;
  logicalId: string;
  resourceType: string;
  /** True, False, Conditional, or N/A for an Add or Remove, as `sam deploy` prints it. */
  replacement: string;
}

export interface ChangeSetInput {
  stackName: string;
  type: ChangeSetType;
  templateBody: string;
  capabilities: Capability[];
  parameters: Record<string, string>;
  tags: Record<string, string>;
  pollMs: number;
  timeoutMs: number;
}

// The reasons AWS gives a change set with no changes (the AWS CLI's deploy matches the same two).
const EMPTY = /didn't contain changes|No updates are to be performed/;

export async function createChangeSet(
  cfn: CloudFormationClient,
  input: ChangeSetInput,
): Promise<ChangeSetReview> {
  // sam deploy names its change sets samcli-deploy<epoch>; ours say who made them.
  const name = `cloudlab-deploy${Date.now()}`;
  let id: string;
  try {
    ({ Id: id = name } = await cfn.send(
      new CreateChangeSetCommand({
        StackName: input.stackName,
        ChangeSetName: name,
        ChangeSetType: input.type,
        TemplateBody: input.templateBody,
        Capabilities: input.capabilities,
        Parameters: Object.entries(input.parameters).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
        Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
        Description: 'Created by cloudlab sam deploy',
      }),
    ));
  } catch (error) {
    throw new SamError(
      (error as Error).name,
      `CloudFormation refused the template: ${refusal(error as Error)}`,
    );
  }
  const waited = await waitForChangeSetCreateComplete(
    {
      client: cfn,
      minDelay: Math.max(1, Math.round(input.pollMs / 1000)),
      maxDelay: Math.max(1, Math.round(input.pollMs / 1000)) * 5,
      maxWaitTime: Math.ceil(input.timeoutMs / 1000),
    },
    { StackName: input.stackName, ChangeSetName: id },
  );
  const described = waited.reason as DescribeChangeSetCommandOutput | undefined;
  if (described?.Status === 'FAILED' && EMPTY.test(described.StatusReason ?? '')) {
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id, StackName: input.stackName }));
    return { name, id, type: input.type, changes: [], empty: true };
  }
  if (described?.Status !== 'CREATE_COMPLETE') {
    await discardChangeSet(cfn, input.stackName, id, input.type);
    throw new SamError(
      'ChangeSetFailed',
      `the change set for ${input.stackName} is ${described?.Status ?? waited.state}: ${described?.StatusReason ?? (waited.reason as Error)?.message ?? 'no reason given'}`,
    );
  }
  return { name, id, type: input.type, changes: await allChanges(cfn, id, described), empty: false };
}

async function allChanges(
  cfn: CloudFormationClient,
  id: string,
  first: DescribeChangeSetCommandOutput,
): Promise<ResourceChangeRow[]> {
  const changes: Change[] = [...(first.Changes ?? [])];
  let token = first.NextToken;
  while (token) {
    const page = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, NextToken: token }));
    changes.push(...(page.Changes ?? []));
    token = page.NextToken;
  }
  return changes.map(({ ResourceChange: c }) => ({
    action: c?.Action ?? '',
    logicalId: c?.LogicalResourceId ?? '',
    resourceType: c?.ResourceType ?? '',
    replacement: c?.Replacement ?? 'N/A',
  }));
}

/**
 * Deletes a change set that will not run. A CREATE change set leaves its stack in REVIEW_IN_PROGRESS, with no
 * resources: that stack is deleted too, so the next deploy creates it afresh.
 */
export async function discardChangeSet(
  cfn: CloudFormationClient,
  stackName: string,
  id: string,
  type: ChangeSetType,
): Promise<void> {
  await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id, StackName: stackName })).catch(() => {});
  if (type === 'CREATE') await cfn.send(new DeleteStackCommand({ StackName: stackName }));
}

/** The changes as a table: Action, LogicalResourceId, ResourceType, Replacement (the columns of `sam deploy`). */
export function changeSetTable(changes: ResourceChangeRow[]): string[] {
  const rows = [
    ['Action', 'LogicalResourceId', 'ResourceType', 'Replacement'],
    ...changes.map((c) => [c.action, c.logicalId, c.resourceType, c.replacement]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [rule, line(rows[0]!), rule, ...rows.slice(1).map(line), rule];
}

/**
 * CloudFormation's refusal without the SAM transform's preamble ("Transform … failed with: Invalid Serverless
 * Application Specification document. Number of errors found: 1."), which would push the cause out of a
 * one-line report.
 */
function refusal(error: Error): string {
  const preamble =
    /^Transform \S+ failed with: Invalid Serverless Application Specification document\. Number of errors found: \d+\.\s*/;
  return preamble.test(error.message)
    ? `SAM transform: ${error.message.replace(preamble, '')}`
    : error.message;
}
