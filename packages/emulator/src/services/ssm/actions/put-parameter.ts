import type { PutParameterRequest, PutParameterResult } from '@aws-sdk/client-ssm';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import { alreadyExists, constraint, validation } from '../errors.ts';
import { optionalBoolean, optionalString, requiredString, tagList } from '../input.ts';
import { nameFromReference, validateNewName } from '../names.ts';
import { policiesFor, requireAdvancedForPolicies } from '../parameter-policies.ts';
import { VERSION_LIMIT } from '../parameter-store.ts';
import { DEFAULT_KEY_ID, validateKeyId } from '../secure-string.ts';
import { arnOf, latest, type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';
import {
  checkAllowedPattern,
  resolveTier,
  validateDataType,
  validateTierName,
  validateType,
} from '../values.ts';

const MAX_TAGS = 50;

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html */
const handle: SsmHandler<PutParameterRequest, PutParameterResult> = async (input, ctx, ssm) => {
  const name = nameFromReference(requiredString(input, 'Name'));
  const value = requiredString(input, 'Value');
  if (value === '') throw constraint('', 'value', 'Member must have length greater than or equal to 1.');
  const overwrite = optionalBoolean(input, 'Overwrite');
  const tags = tagList(input, 'Tags');
  const typeIn = optionalString(input, 'Type');
  const tierIn = optionalString(input, 'Tier');
  const keyIdIn = optionalString(input, 'KeyId');
  const description = optionalString(input, 'Description');
  const patternIn = optionalString(input, 'AllowedPattern');
  const dataTypeIn = optionalString(input, 'DataType');

  if (overwrite && tags) {
    throw validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }
  validateNewName(name);
  allow(ctx, putParameter, arnOf(ctx, name));

  const record = ssm.store.get(scopeOf(ctx), name);
  const previous = record ? latest(record) : undefined;
  if (previous && !overwrite) throw alreadyExists();
  if (!typeIn && !previous) throw validation('A parameter type is required when you create a parameter.');
  const type = typeIn ? validateType(typeIn) : previous!.type;
  if (tierIn) validateTierName(tierIn);
  if (description !== undefined && description.length > 1024) {
    throw constraint(description, 'description', 'Member must have length less than or equal to 1024');
  }
  const dataType = dataTypeIn ?? previous?.dataType ?? 'text';
  validateDataType(dataType, type, value);
  const allowedPattern = patternIn ?? previous?.allowedPattern;
  if (allowedPattern !== undefined && allowedPattern.length > 1024) {
    throw constraint(allowedPattern, 'allowedPattern', 'Member must have length less than or equal to 1024');
  }
  checkAllowedPattern(allowedPattern, value);
  const policies = policiesFor(optionalString(input, 'Policies'), previous?.policies, ctx.runtime.now());
  // A policy needs the advanced tier, which Intelligent-Tiering picks for it.
  const tierAsked = policies.length > 0 && tierIn === 'Intelligent-Tiering' ? 'Advanced' : tierIn;
  const tier = resolveTier(tierAsked ?? previous?.tier ?? 'Standard', value, previous?.tier);
  if (policies.length > 0) requireAdvancedForPolicies(tier);
  const keyId =
    type === 'SecureString'
      ? (keyIdIn ?? (previous?.type === 'SecureString' ? previous.keyId : undefined) ?? DEFAULT_KEY_ID)
      : undefined;
  if (keyId !== undefined) validateKeyId(keyId);
  if (tags && tags.length > MAX_TAGS) {
    throw new AwsError('TooManyTagsError', `A parameter can have at most ${MAX_TAGS} tags.`);
  }
  if (record && record.versions.length >= VERSION_LIMIT && record.versions[0]!.labels.length > 0) {
    throw new AwsError(
      'ParameterMaxVersionLimitExceeded',
      `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${record.versions[0]!.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    );
  }

  const storedName = record?.name ?? name;
  const version = (previous?.version ?? 0) + 1;
  await ssm.store.commit({
    t: 'put',
    scope: scopeOf(ctx),
    name: storedName,
    version: {
      version,
      type,
      value: keyId !== undefined ? ssm.cipher.encrypt(value, keyId, storedName) : value,
      ...(keyId !== undefined ? { keyId } : {}),
      ...((description ?? previous?.description) !== undefined
        ? { description: description ?? previous?.description }
        : {}),
      ...(allowedPattern !== undefined ? { allowedPattern } : {}),
      dataType,
      tier,
      lastModified: ctx.runtime.now(),
      lastModifiedUser: ctx.principal.arn,
      labels: [],
      ...(policies.length > 0 ? { policies } : {}),
    },
    ...(tags ? { tags: Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])) } : {}),
  });
  return { Version: version, Tier: tier };
};

export const putParameter = ssmOperation('PutParameter', handle);
