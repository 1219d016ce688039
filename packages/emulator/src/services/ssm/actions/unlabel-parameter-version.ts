import type { UnlabelParameterVersionRequest, UnlabelParameterVersionResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { constraint, versionNotFound } from '../errors.ts';
import { optionalInteger, requiredString, stringList } from '../input.ts';
import { nameFromReference } from '../names.ts';
import { arnOf, requireRecord, type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';
import { labelsByVersion } from './label-parameter-version.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UnlabelParameterVersion.html */
const handle: SsmHandler<UnlabelParameterVersionRequest, UnlabelParameterVersionResult> = async (
  input,
  ctx,
  ssm,
) => {
  const name = nameFromReference(requiredString(input, 'Name'));
  const version = optionalInteger(input, 'ParameterVersion', 1, Number.MAX_SAFE_INTEGER);
  const labels = stringList(input, 'Labels', 1, 10);
  allow(ctx, unlabelParameterVersion, arnOf(ctx, name));
  const record = requireRecord(ssm, ctx, name);
  if (version === undefined) throw constraint(null, 'parameterVersion', 'Member must not be null');
  const target = record.versions.find((v) => v.version === version);
  if (!target) throw versionNotFound(record.name, version);
  const RemovedLabels = labels.filter((label) => target.labels.includes(label));
  const InvalidLabels = labels.filter((label) => !target.labels.includes(label));
  if (RemovedLabels.length > 0) {
    const next = labelsByVersion(record);
    next[version] = target.labels.filter((label) => !RemovedLabels.includes(label));
    await ssm.store.commit({ t: 'labels', scope: scopeOf(ctx), name: record.name, labels: next });
  }
  return { RemovedLabels, InvalidLabels };
};

export const unlabelParameterVersion = ssmOperation('UnlabelParameterVersion', handle);
