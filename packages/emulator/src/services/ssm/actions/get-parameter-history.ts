import type { GetParameterHistoryRequest, GetParameterHistoryResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from '../input.ts';
import { nameFromReference } from '../names.ts';
import { page } from '../paging.ts';
import {
  arnOf,
  epochSeconds,
  requireRecord,
  type SsmHandler,
  ssmOperation,
  visibleValue,
} from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameterHistory.html */
const handle: SsmHandler<GetParameterHistoryRequest, GetParameterHistoryResult> = async (input, ctx, ssm) => {
  const name = nameFromReference(requiredString(input, 'Name'));
  const withDecryption = optionalBoolean(input, 'WithDecryption');
  const maxResults = optionalInteger(input, 'MaxResults', 1, 50) ?? 50;
  const nextToken = optionalString(input, 'NextToken');
  allow(ctx, getParameterHistory, arnOf(ctx, name));
  const record = requireRecord(ssm, ctx, name);
  const result = page(record.versions, maxResults, nextToken);
  return {
    Parameters: result.items.map((v) => ({
      Name: record.name,
      Type: v.type,
      ...(v.keyId ? { KeyId: v.keyId } : {}),
      LastModifiedDate: epochSeconds(v.lastModified),
      LastModifiedUser: v.lastModifiedUser,
      ...(v.description !== undefined ? { Description: v.description } : {}),
      Value: visibleValue(ssm, ctx, record, v, withDecryption),
      ...(v.allowedPattern !== undefined ? { AllowedPattern: v.allowedPattern } : {}),
      Version: v.version,
      Labels: v.labels,
      Tier: v.tier,
      Policies: [],
      DataType: v.dataType,
    })),
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
  };
};

export const getParameterHistory = ssmOperation('GetParameterHistory', handle);
