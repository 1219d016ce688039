import { isDeepStrictEqual } from 'node:util';
import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import { providerFor } from './resource-providers.ts';
import { type ChangeSet, type ResourceChange, type Stack, stacksOf } from './stack-state.ts';

type Json = Record<string, unknown>;

/** AWS's status reason for a change set that would change nothing (the AWS CLI's `deploy` looks for it). */
export const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

/**
 * What a template and its parameters would change in a stack: a resource that is new is Added, one that is
 * gone is Removed, and one whose declaration, or a parameter it uses, differs is Modified — replaced when its
 * type changed or the emulator can only recreate it, updated in place otherwise.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html
 */
export function resourceChanges(
  stack: Stack,
  processed: Json,
  parameters: Record<string, string>,
): ResourceChange[] {
  const before = (stack.processed.Resources ?? {}) as Record<string, Json>;
  const after = (processed.Resources ?? {}) as Record<string, Json>;
  const changedParameters = Object.keys({ ...stack.parameters, ...parameters }).filter(
    (name) => stack.parameters[name] !== parameters[name],
  );
  const changes: ResourceChange[] = [];
  for (const [id, spec] of Object.entries(after)) {
    const type = String(spec.Type);
    const old = before[id];
    const deployed = stack.resources.get(id);
    if (!old || !deployed) {
      changes.push({ Action: 'Add', LogicalResourceId: id, ResourceType: type });
      continue;
    }
    const uses = JSON.stringify(spec);
    const parameterChanged = changedParameters.some(
      (name) => uses.includes(`"Ref":"${name}"`) || uses.includes(`\${${name}}`),
    );
    if (isDeepStrictEqual(old, spec) && !parameterChanged) continue;
    const replaced = String(old.Type) !== type || !providerFor(type).update;
    changes.push({
      Action: 'Modify',
      LogicalResourceId: id,
      PhysicalResourceId: deployed.physicalId,
      ResourceType: type,
      Replacement: replaced ? 'True' : 'False',
    });
  }
  for (const [id, resource] of stack.resources) {
    if (!(id in after)) {
      changes.push({
        Action: 'Remove',
        LogicalResourceId: id,
        PhysicalResourceId: resource.physicalId,
        ResourceType: resource.type,
      });
    }
  }
  return changes;
}

/** A change set by name (with its stack) or by ARN alone, as DescribeChangeSet and friends take it. */
export function findChangeSet(
  ctx: RequestContext,
  input: { ChangeSetName?: string; StackName?: string },
): { stack: Stack; changeSet: ChangeSet } {
  const { ChangeSetName: nameOrArn, StackName: stackNameOrId } = input;
  for (const stack of stacksOf(ctx.runtime).values()) {
    if (stack.accountId !== ctx.principal.accountId) continue;
    if (nameOrArn?.startsWith('arn:')) {
      const changeSet = [...stack.changeSets.values()].find((c) => c.id === nameOrArn);
      if (changeSet) return { stack, changeSet };
    } else if (stackNameOrId && (stack.name === stackNameOrId || stack.stackId === stackNameOrId)) {
      const changeSet = nameOrArn ? stack.changeSets.get(nameOrArn) : undefined;
      if (changeSet) return { stack, changeSet };
    }
  }
  throw new AwsError('ChangeSetNotFoundException', `ChangeSet [${nameOrArn}] does not exist`, 404);
}
