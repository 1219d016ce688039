import type { GetParametersByPathRequest, GetParametersByPathResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { validation } from '../errors.ts';
import { inPath, matchesFilters, validateFilters } from '../filters.ts';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from '../input.ts';
import { page } from '../paging.ts';
import { isPublicName, publicParametersByPath } from '../public-parameters.ts';
import { arnOf, latest, parameterShape, type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html */
const handle: SsmHandler<GetParametersByPathRequest, GetParametersByPathResult> = async (input, ctx, ssm) => {
  const path = requiredString(input, 'Path');
  const recursive = optionalBoolean(input, 'Recursive');
  const withDecryption = optionalBoolean(input, 'WithDecryption');
  const filters = validateFilters(input.ParameterFilters, true);
  const maxResults = optionalInteger(input, 'MaxResults', 1, 10) ?? 10;
  const nextToken = optionalString(input, 'NextToken');
  if (isPublicName(path)) {
    const result = page(publicParametersByPath(ctx, path, recursive), maxResults, nextToken);
    return { Parameters: result.items, ...(result.nextToken ? { NextToken: result.nextToken } : {}) };
  }
  validatePath(path);
  allow(ctx, getParametersByPath, arnOf(ctx, path));

  const matching = ssm.store
    .list(scopeOf(ctx))
    .filter((record) => inPath(record.name, path, recursive) && matchesFilters(record, filters));
  const result = page(matching, maxResults, nextToken);
  return {
    Parameters: result.items.map((record) =>
      parameterShape(ssm, ctx, record, latest(record), withDecryption),
    ),
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
  };
};

function validatePath(path: string): void {
  if (/^\/(aws|ssm)/i.test(path) && path !== '/') {
    throw validation(
      'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.',
    );
  }
  if (!path.startsWith('/') || path.includes('//') || !/^[a-zA-Z0-9_.\-/]*$/.test(path)) {
    throw validation(
      'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.',
    );
  }
}

export const getParametersByPath = ssmOperation('GetParametersByPath', handle);
