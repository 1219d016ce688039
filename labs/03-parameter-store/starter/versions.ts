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
  throw new Error('TODO(5): Versions and labels: promote, read by label, history — see README.md, exercise 5');
}

/** Reads the version that carries `label`, by asking for `name:label`. */
export async function readByLabel(
  ssm: SSMClient,
  name: string,
  label: string,
): Promise<{ value: string; version: number }> {
  throw new Error('TODO(5): Versions and labels: promote, read by label, history — see README.md, exercise 5');
}

/** Every version of the parameter, oldest first, with its labels. */
export async function parameterHistory(ssm: SSMClient, name: string): Promise<VersionInfo[]> {
  throw new Error('TODO(5): Versions and labels: promote, read by label, history — see README.md, exercise 5');
}
