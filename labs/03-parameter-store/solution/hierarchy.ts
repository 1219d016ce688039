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
  // BEGIN SOLUTION 1
  return `/cloudlab/${learner}/03/app/${stage}`;
  // END SOLUTION
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
  // BEGIN SOLUTION 1
  const versions: Record<string, number> = {};
  for (const spec of specs) {
    const name = `${prefix}/${spec.name}`;
    const value = Array.isArray(spec.value) ? spec.value.join(',') : spec.value;
    try {
      const out = await ssm.send(
        new PutParameterCommand({
          Name: name,
          Type: spec.type,
          Value: value,
          Overwrite: true,
          ...(spec.description ? { Description: spec.description } : {}),
        }),
      );
      versions[spec.name] = out.Version ?? 0;
    } catch (error) {
      throw parameterStoreError(error, name);
    }
  }
  return versions;
  // END SOLUTION
}
