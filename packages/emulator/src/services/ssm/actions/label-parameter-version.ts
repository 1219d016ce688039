import type { LabelParameterVersionRequest, LabelParameterVersionResult } from '@aws-sdk/client-ssm';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import { versionNotFound } from '../errors.ts';
import { optionalInteger, requiredString, stringList } from '../input.ts';
import { nameFromReference } from '../names.ts';
import type { ParameterRecord } from '../parameter-store.ts';
import { arnOf, latest, requireRecord, type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';

const MAX_LABELS_PER_VERSION = 10;

/**
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_LabelParameterVersion.html
 * A label sits on one version at a time: labelling another version moves it.
 */
const handle: SsmHandler<LabelParameterVersionRequest, LabelParameterVersionResult> = async (
  input,
  ctx,
  ssm,
) => {
  const name = nameFromReference(requiredString(input, 'Name'));
  const requested = optionalInteger(input, 'ParameterVersion', 1, Number.MAX_SAFE_INTEGER);
  const labels = stringList(input, 'Labels', 1, 10);
  allow(ctx, labelParameterVersion, arnOf(ctx, name));
  const record = requireRecord(ssm, ctx, name);
  const version = requested ?? latest(record).version;
  const target = record.versions.find((v) => v.version === version);
  if (!target) throw versionNotFound(record.name, version);

  const InvalidLabels = labels.filter((label) => !isValidLabel(label));
  const valid = labels.filter(isValidLabel);
  const next = labelsByVersion(record);
  for (const v of record.versions) {
    next[v.version] =
      v.version === version
        ? [...new Set([...next[v.version]!, ...valid])]
        : next[v.version]!.filter((l) => !valid.includes(l));
  }
  if (next[version]!.length > MAX_LABELS_PER_VERSION) {
    throw new AwsError(
      'ParameterVersionLabelLimitExceeded',
      'A parameter version can have maximum 10 labels. Move one or more labels to another version and try again.',
    );
  }
  await ssm.store.commit({ t: 'labels', scope: scopeOf(ctx), name: record.name, labels: next });
  return { InvalidLabels, ParameterVersion: version };
};

/** Labels: 1–100 characters of a-zA-Z0-9_.-, not starting with a digit, "aws" or "ssm". */
function isValidLabel(label: string): boolean {
  return label.length <= 100 && /^[a-zA-Z0-9_.-]+$/.test(label) && !/^(\d|aws|ssm)/i.test(label);
}

export function labelsByVersion(record: ParameterRecord): Record<number, string[]> {
  return Object.fromEntries(record.versions.map((v) => [v.version, [...v.labels]]));
}

export const labelParameterVersion = ssmOperation('LabelParameterVersion', handle);
