import type { GetParametersRequest, GetParametersResult } from '@aws-sdk/client-ssm';
import { AwsError } from '../../../core/aws-error.ts';
import { allow } from '../../../core/operation.ts';
import { optionalBoolean, stringList } from '../input.ts';
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

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html */
const handle: SsmHandler<GetParametersRequest, GetParametersResult> = async (input, ctx, ssm) => {
  const names = [...new Set(stringList(input, 'Names', 1, 10))];
  const withDecryption = optionalBoolean(input, 'WithDecryption');
  const Parameters = [];
  const InvalidParameters: string[] = [];
  for (const name of names) {
    const selector = parseSelector(name);
    try {
      if (isPublicName(selector.name)) {
        Parameters.push(getPublicParameter(ctx, selector, 'ssm:GetParameters'));
        continue;
      }
      allow(ctx, getParameters, arnOf(ctx, selector.name));
      const record = requireRecord(ssm, ctx, selector.name);
      const version = selectVersion(record, selector);
      Parameters.push(parameterShape(ssm, ctx, record, version, withDecryption, selector.selector));
    } catch (error) {
      if (
        !(error instanceof AwsError) ||
        !['ParameterNotFound', 'ParameterVersionNotFound'].includes(error.code)
      ) {
        throw error;
      }
      InvalidParameters.push(name);
    }
  }
  return { Parameters, InvalidParameters };
};

export const getParameters = ssmOperation('GetParameters', handle);
