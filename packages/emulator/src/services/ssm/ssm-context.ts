import type { Operation, OutputOf, WireInput } from '../../core/operation.ts';
import type { RequestContext } from '../../core/types.ts';
import type { JsonShape } from '../../protocols/json-1-1.ts';
import { parameterNotFound, versionNotFound } from './errors.ts';
import { parameterArn, type Selector } from './names.ts';
import { policiesShape } from './parameter-policies.ts';
import { type ParameterRecord, ParameterStore, type ParameterVersion } from './parameter-store.ts';
import { kmsKeyArn, type SecureStringCipher } from './secure-string.ts';

/** What every SSM action works with, besides its input and the request. */
export interface Ssm {
  store: ParameterStore;
  cipher: SecureStringCipher;
}

/** An SSM operation, typed with the `@aws-sdk/client-ssm` input and output shapes as JSON 1.1 carries them. */
export type SsmOperation<Input, Output> = Operation<WireInput<Input>, JsonShape<OutputOf<Output>>, Ssm>;

export type SsmHandler<Input, Output> = SsmOperation<Input, Output>['handle'];

/** An SSM operation by its AWS name; its IAM action is `ssm:` and the name, as for every SSM operation. */
export function ssmOperation<Input, Output>(
  name: string,
  handle: SsmHandler<Input, Output>,
): SsmOperation<Input, Output> {
  return { name, iamAction: `ssm:${name}`, handle };
}

export const scopeOf = (ctx: RequestContext) => ParameterStore.scopeOf(ctx.principal.accountId, ctx.region);

export const arnOf = (ctx: RequestContext, name: string) =>
  parameterArn(ctx.region, ctx.principal.accountId, name);

export const latest = (record: ParameterRecord): ParameterVersion =>
  record.versions[record.versions.length - 1]!;

/** The version a `name`, `name:3` or `name:label` selector picks. */
export function selectVersion(record: ParameterRecord, selector: Selector): ParameterVersion {
  if (selector.version !== undefined) {
    const found = record.versions.find((v) => v.version === selector.version);
    if (!found) throw versionNotFound(record.name, selector.version);
    return found;
  }
  if (selector.label !== undefined) {
    const found = record.versions.find((v) => v.labels.includes(selector.label!));
    if (!found) throw versionNotFound(record.name, selector.label);
    return found;
  }
  return latest(record);
}

export function requireRecord(ssm: Ssm, ctx: RequestContext, name: string): ParameterRecord {
  const record = ssm.store.get(scopeOf(ctx), name);
  if (!record) throw parameterNotFound(name);
  return record;
}

/** The value as the caller may see it: SecureStrings decrypted only WithDecryption and with kms:Decrypt. */
export function visibleValue(
  ssm: Ssm,
  ctx: RequestContext,
  record: ParameterRecord,
  version: ParameterVersion,
  withDecryption: boolean,
): string {
  if (version.type !== 'SecureString' || !withDecryption) return version.value;
  const keyId = version.keyId!;
  // Parameter Store calls KMS for the caller, so KMS sees the request come through SSM.
  ctx.runtime.authorize(ctx, 'kms:Decrypt', kmsKeyArn(keyId, ctx.region, ctx.principal.accountId), {
    'kms:ViaService': `ssm.${ctx.region}.amazonaws.com`,
    'kms:CallerAccount': ctx.principal.accountId,
  });
  return ssm.cipher.decrypt(version.value, keyId, record.name);
}

/** JSON 1.1 timestamps: epoch seconds. */
export const epochSeconds = (ms: number) => ms / 1000;

/** The `Parameter` shape of GetParameter(s) and GetParametersByPath. */
export function parameterShape(
  ssm: Ssm,
  ctx: RequestContext,
  record: ParameterRecord,
  version: ParameterVersion,
  withDecryption: boolean,
  selector?: string,
) {
  return {
    Name: record.name,
    Type: version.type,
    Value: visibleValue(ssm, ctx, record, version, withDecryption),
    Version: version.version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: epochSeconds(version.lastModified),
    ARN: arnOf(ctx, record.name),
    DataType: version.dataType,
  };
}

/** The `ParameterMetadata` shape of DescribeParameters. */
export function metadataShape(ctx: RequestContext, record: ParameterRecord) {
  const v = latest(record);
  return {
    Name: record.name,
    ARN: arnOf(ctx, record.name),
    Type: v.type,
    ...(v.keyId ? { KeyId: v.keyId } : {}),
    LastModifiedDate: epochSeconds(v.lastModified),
    LastModifiedUser: v.lastModifiedUser,
    ...(v.description !== undefined ? { Description: v.description } : {}),
    ...(v.allowedPattern !== undefined ? { AllowedPattern: v.allowedPattern } : {}),
    Version: v.version,
    Tier: v.tier,
    Policies: policiesShape(v.policies),
    DataType: v.dataType,
  };
}
