import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parameterStoreError } from './parameter-store-error.ts';

export type ParameterKind = 'String' | 'StringList' | 'SecureString';

export interface ParameterSpec {
  /** Relative to the prefix, e.g. "db/host". */
  name: string;
  type: ParameterKind;
  /** A StringList may be given as an array; Parameter Store stores it comma-separated. */
  value: string | string[];
  description?: string;
}

/**
 * Where one stage of the app keeps its configuration: `/cloudlab/<learner>/03/app/<stage>`. The `03` level
 * keeps each lab's parameters apart, so `cloudlab cleanup --lab 03` finds them.
 */
export function configPath(learner: string, stage: string): string {
  throw new Error('TODO(1): Lay out the configuration hierarchy — see README.md, exercise 1');
}

/**
 * Writes every parameter under `prefix` (overwriting, so a second run makes new versions) and returns the
 * version Parameter Store gave each, keyed by relative name. A failure becomes a ParameterStoreError that
 * names the full parameter.
 */
export async function putHierarchy(
  ssm: SSMClient,
  prefix: string,
  specs: ParameterSpec[],
): Promise<Record<string, number>> {
  throw new Error('TODO(1): Lay out the configuration hierarchy — see README.md, exercise 1');
}
