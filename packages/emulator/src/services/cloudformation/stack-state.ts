import type { EmulatorRuntime } from '../../core/types.ts';

/** What DescribeStacks, DescribeStackEvents and DescribeStackResources report, per emulator runtime. */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE';

export interface StackResource {
  logicalId: string;
  type: string;
  physicalId: string;
  status: ResourceStatus;
  reason?: string;
  timestamp: Date;
  /** The resolved properties it was created with, compared on update. */
  properties: Record<string, unknown>;
  attributes: Record<string, string>;
}

export interface StackEvent {
  eventId: string;
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
  reason?: string;
  timestamp: Date;
}

export interface Stack {
  stackId: string;
  name: string;
  accountId: string;
  region: string;
  description?: string;
  status: StackStatus;
  reason?: string;
  creationTime: Date;
  lastUpdatedTime?: Date;
  originalBody: string;
  processed: Record<string, unknown>;
  parameters: Record<string, string>;
  capabilities: string[];
  /** CreateStack's DisableRollback (or OnFailure DO_NOTHING): a failed create keeps what it made, CREATE_FAILED. */
  disableRollback?: boolean;
  tags: Array<{ Key: string; Value: string }>;
  outputs: Array<{ OutputKey: string; OutputValue: string; Description?: string }>;
  resources: Map<string, StackResource>;
  /** Newest last; DescribeStackEvents answers them newest first. */
  events: StackEvent[];
  /** By name; a stack created by a CREATE change set waits in REVIEW_IN_PROGRESS until it is executed. */
  changeSets: Map<string, ChangeSet>;
}

/** A change set: what a template would change, computed when it is created, applied when it is executed. */
export interface ChangeSet {
  id: string;
  name: string;
  type: 'CREATE' | 'UPDATE';
  description?: string;
  status: 'CREATE_COMPLETE' | 'FAILED';
  statusReason?: string;
  executionStatus:
    | 'AVAILABLE'
    | 'UNAVAILABLE'
    | 'EXECUTE_IN_PROGRESS'
    | 'EXECUTE_COMPLETE'
    | 'EXECUTE_FAILED'
    | 'OBSOLETE';
  creationTime: Date;
  body: string;
  processed: Record<string, unknown>;
  parameters: Record<string, string>;
  capabilities: string[];
  tags: Array<{ Key: string; Value: string }>;
  changes: ResourceChange[];
}

export interface ResourceChange {
  Action: 'Add' | 'Modify' | 'Remove';
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: 'True' | 'False';
}

const states = new WeakMap<EmulatorRuntime, Map<string, Stack>>();

/** Stacks keyed by account and name: names are unique per account and region. */
export function stacksOf(runtime: EmulatorRuntime): Map<string, Stack> {
  let stacks = states.get(runtime);
  if (!stacks) {
    stacks = new Map();
    states.set(runtime, stacks);
  }
  return stacks;
}

export const stackKey = (accountId: string, name: string) => `${accountId}/${name}`;

/** A deleted stack as ListStacks still reports it (AWS keeps them for 90 days). */
export interface DeletedStack {
  stackId: string;
  name: string;
  accountId: string;
  description?: string;
  creationTime: Date;
  lastUpdatedTime?: Date;
  deletionTime: Date;
}

const deletedStates = new WeakMap<EmulatorRuntime, DeletedStack[]>();

/** Moves a stack whose resources are gone from the live stacks to the deleted ones. */
export function forgetStack(runtime: EmulatorRuntime, stack: Stack): void {
  stacksOf(runtime).delete(stackKey(stack.accountId, stack.name));
  const { stackId, name, accountId, description, creationTime, lastUpdatedTime } = stack;
  deletedStacksOf(runtime).push({
    ...{ stackId, name, accountId, description, creationTime, lastUpdatedTime },
    deletionTime: new Date(),
  });
}

/** Deleted stacks, oldest first: only their summaries, not their templates or resources. */
export function deletedStacksOf(runtime: EmulatorRuntime): DeletedStack[] {
  let deleted = deletedStates.get(runtime);
  if (!deleted) {
    deleted = [];
    deletedStates.set(runtime, deleted);
  }
  return deleted;
}
