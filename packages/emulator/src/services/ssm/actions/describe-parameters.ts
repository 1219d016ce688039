import type { DescribeParametersRequest, DescribeParametersResult } from '@aws-sdk/client-ssm';
import { allow } from '../../../core/operation.ts';
import { validation } from '../errors.ts';
import { matchesFilters, type ParameterStringFilter, validateFilters } from '../filters.ts';
import { optionalInteger, optionalString } from '../input.ts';
import { page } from '../paging.ts';
import { metadataShape, type SsmHandler, scopeOf, ssmOperation } from '../ssm-context.ts';

/** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeParameters.html */
const handle: SsmHandler<DescribeParametersRequest, DescribeParametersResult> = async (input, ctx, ssm) => {
  if (input.Filters && input.ParameterFilters) {
    throw validation('You can use either Filters or ParameterFilters in a single request.');
  }
  const filters = input.Filters
    ? legacyFilters(input.Filters)
    : validateFilters(input.ParameterFilters, false);
  const maxResults = optionalInteger(input, 'MaxResults', 1, 50) ?? 10;
  const nextToken = optionalString(input, 'NextToken');
  allow(ctx, describeParameters, '*');
  const matching = ssm.store.list(scopeOf(ctx)).filter((record) => matchesFilters(record, filters));
  const result = page(matching, maxResults, nextToken);
  return {
    Parameters: result.items.map((record) => metadataShape(ctx, record)),
    ...(result.nextToken ? { NextToken: result.nextToken } : {}),
  };
};

/** The older `Filters` member (Name, Type, KeyId; Name matches by prefix). */
function legacyFilters(filters: unknown): ParameterStringFilter[] {
  const list = validateFilters(
    (Array.isArray(filters) ? filters : [filters]).map((f: ParameterStringFilter) => ({
      Key: f?.Key,
      Values: f?.Values,
    })),
    false,
  );
  return list.map((f) => (f.Key === 'Name' ? { ...f, Option: 'BeginsWith' } : f));
}

export const describeParameters = ssmOperation('DescribeParameters', handle);
