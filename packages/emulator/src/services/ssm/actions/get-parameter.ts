import type { GetParameterRequest, GetParameterResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { optionalBoolean, requiredString } from '../input.ts';
import { parseSelector } from '../names.ts';
import { getPublicParameter, isPublicName } from '../public-parameters.ts';
import {
  arnOf,
  parameterShape,
  requireRecord,
  type SsmHandler,
  selectVersion,
  ssmOperation,
} from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
const handle: SsmHandler<GetParameterRequest, GetParameterResult> = async (input, ctx, ssm) => {
  const selector = parseSelector(requiredString(input, 'Name'));
  const withDecryption = optionalBoolean(input, 'WithDecryption');
  if (isPublicName(selector.name)) return { Parameter: getPublicParameter(ctx, selector) };
  allow(ctx, getParameter, arnOf(ctx, selector.name));
  const record = requireRecord(ssm, ctx, selector.name);
  const version = selectVersion(record, selector);
  return { Parameter: parameterShape(ssm, ctx, record, version, withDecryption, selector.selector) };
};

export const getParameter = ssmOperation('GetParameter', handle);
