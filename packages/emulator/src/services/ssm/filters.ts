import { AwsError } from '../../core/aws-error.ts';
import { validation } from './errors.ts';
import { absolute } from './names.ts';
import type { ParameterRecord } from './parameter-store.ts';

/**
 * ParameterFilters of DescribeParameters and GetParametersByPath.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterStringFilter.html
 */
export interface ParameterStringFilter {
  Key: string;
  Option?: string;
  Values?: string[];
}

const DESCRIBE_KEYS = ['Path', 'Name', 'Type', 'KeyId', 'Tier', 'DataType'];
const BY_PATH_KEYS = ['Type', 'KeyId', 'Label', 'DataType'];

export function validateFilters(filters: unknown, byPath: boolean): ParameterStringFilter[] {
  if (filters === undefined || filters === null) return [];
  if (!Array.isArray(filters)) throw validation('ParameterFilters must be a list of filters.');
  const allowed = byPath ? BY_PATH_KEYS : DESCRIBE_KEYS;
  const seen = new Set<string>();
  for (const filter of filters as ParameterStringFilter[]) {
    const key = filter?.Key;
    if (typeof key !== 'string' || (!allowed.includes(key) && !key.startsWith('tag:'))) {
      throw new AwsError(
        'InvalidFilterKey',
        `The following filter key is not valid: ${key}. Valid filter keys include: [${allowed.join(', ')}].`,
      );
    }
    if (seen.has(key)) {
      throw new AwsError(
        'InvalidFilterKey',
        `The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`,
      );
    }
    seen.add(key);
    const option: unknown = filter.Option ?? (key === 'Path' ? 'OneLevel' : 'Equals');
    const options =
      key === 'Path'
        ? ['Recursive', 'OneLevel']
        : key === 'Name'
          ? ['Equals', 'BeginsWith', 'Contains']
          : ['Equals', 'BeginsWith'];
    if (typeof option !== 'string' || !options.includes(option)) {
      throw new AwsError(
        'InvalidFilterOption',
        `The following filter option is not valid: ${option}. Valid options include: [${options.join(', ')}].`,
      );
    }
    if (!key.startsWith('tag:') && (!Array.isArray(filter.Values) || filter.Values.length === 0)) {
      throw new AwsError(
        'InvalidFilterValue',
        `The following filter values are missing : null for filter key ${key}.`,
      );
    }
    const values: unknown = filter.Values;
    if (values !== undefined && !(Array.isArray(values) && values.every((v) => typeof v === 'string'))) {
      throw new AwsError(
        'InvalidFilterValue',
        `The values of filter key ${key} must be a list of strings; got ${JSON.stringify(values)}.`,
      );
    }
  }
  return filters as ParameterStringFilter[];
}

export function matchesFilters(record: ParameterRecord, filters: ParameterStringFilter[]): boolean {
  const latest = record.versions[record.versions.length - 1]!;
  return filters.every((filter) => {
    const values = filter.Values ?? [];
    const option = filter.Option ?? (filter.Key === 'Path' ? 'OneLevel' : 'Equals');
    switch (filter.Key) {
      case 'Path':
        return values.some((path) => inPath(record.name, path, option === 'Recursive'));
      case 'Name':
        return compare(
          absolute(record.name),
          values.map((v) => (option === 'Contains' ? v : absolute(v))),
          option,
        );
      case 'Type':
        return compare(latest.type, values, option);
      case 'KeyId':
        return latest.keyId !== undefined && compare(latest.keyId, values, option);
      case 'Tier':
        return compare(latest.tier, values, option);
      case 'DataType':
        return compare(latest.dataType, values, option);
      case 'Label':
        return record.versions.some((v) => v.labels.some((label) => compare(label, values, option)));
      default: {
        const tag = record.tags[filter.Key.slice(4)];
        if (tag === undefined) return false;
        return values.length === 0 || compare(tag, values, option);
      }
    }
  });
}

function compare(actual: string, values: string[], option: string): boolean {
  if (option === 'BeginsWith') return values.some((v) => actual.startsWith(v));
  if (option === 'Contains') return values.some((v) => actual.includes(v));
  return values.includes(actual);
}

/** True when `name` sits under `path` (directly, or at any depth when recursive). */
export function inPath(name: string, path: string, recursive: boolean): boolean {
  const full = absolute(name);
  const prefix = path.endsWith('/') ? path : `${path}/`;
  if (!full.startsWith(prefix)) return false;
  return recursive || !full.slice(prefix.length).includes('/');
}
