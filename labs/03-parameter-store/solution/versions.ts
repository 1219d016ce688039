import {
  GetParameterCommand,
  LabelParameterVersionCommand,
  paginateGetParameterHistory,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { parameterStoreError } from './parameter-store-error.ts';

export interface VersionInfo {
  version: number;
  value: string;
  labels: string[];
}

/** Moves `label` (default "prod") to `version`: a label sits on one version at a time. */
export async function promoteVersion(
  ssm: SSMClient,
  name: string,
  version: number,
  label = 'prod',
): Promise<void> {
  // BEGIN SOLUTION 5
  try {
    const out = await ssm.send(
      new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: [label] }),
    );
    if (out.InvalidLabels?.length) {
      throw Object.assign(new Error(`invalid label(s): ${out.InvalidLabels.join(', ')}`), {
        name: 'ValidationException',
      });
    }
  } catch (error) {
    throw parameterStoreError(error, name);
  }
  // END SOLUTION
}

/** Reads the version that carries `label`, by asking for `name:label`. */
export async function readByLabel(
  ssm: SSMClient,
  name: string,
  label: string,
): Promise<{ value: string; version: number }> {
  // BEGIN SOLUTION 5
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: `${name}:${label}`, WithDecryption: true }));
    return { value: out.Parameter?.Value ?? '', version: out.Parameter?.Version ?? 0 };
  } catch (error) {
    throw parameterStoreError(error, name);
  }
  // END SOLUTION
}

/** Every version of the parameter, oldest first, with its labels. */
export async function parameterHistory(ssm: SSMClient, name: string): Promise<VersionInfo[]> {
  // BEGIN SOLUTION 5
  const history: VersionInfo[] = [];
  for await (const page of paginateGetParameterHistory(
    { client: ssm },
    { Name: name, WithDecryption: true },
  )) {
    for (const entry of page.Parameters ?? []) {
      history.push({ version: entry.Version ?? 0, value: entry.Value ?? '', labels: entry.Labels ?? [] });
    }
  }
  return history.sort((a, b) => a.version - b.version);
  // END SOLUTION
}
