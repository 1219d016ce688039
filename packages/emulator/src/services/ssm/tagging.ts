import { AwsError } from '../../core/aws-error.ts';
import { allow, type Operation } from '../../core/operation.ts';
import type { RequestContext } from '../../core/types.ts';
import { requiredString } from './input.ts';
import { nameFromReference } from './names.ts';
import type { ParameterRecord } from './parameter-store.ts';
import { arnOf, type Ssm, scopeOf } from './ssm-context.ts';

const RESOURCE_TYPES = [
  'Document',
  'ManagedInstance',
  'MaintenanceWindow',
  'Parameter',
  'PatchBaseline',
  'OpsItem',
  'OpsMetadata',
  'Automation',
  'Association',
];

/** The parameter a tagging call names; the emulator has no other taggable SSM resources. */
export function taggedParameter(
  input: Record<string, unknown>,
  ctx: RequestContext,
  ssm: Ssm,
  operation: Pick<Operation<unknown, unknown>, 'name' | 'iamAction'>,
): ParameterRecord {
  const type = requiredString(input, 'ResourceType');
  const id = requiredString(input, 'ResourceId');
  if (!RESOURCE_TYPES.includes(type)) throw new AwsError('InvalidResourceType', 'Invalid Resource Type');
  if (type !== 'Parameter') throw new AwsError('InvalidResourceId', 'Invalid Resource Id');
  const name = nameFromReference(id);
  allow(ctx, operation, arnOf(ctx, name));
  const record = ssm.store.get(scopeOf(ctx), name);
  if (!record) throw new AwsError('InvalidResourceId', 'Invalid Resource Id');
  return record;
}
