import { paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';

export interface ReadTreeOptions {
  withDecryption?: boolean;
  /** Parameters per GetParametersByPath call (at most 10). */
  pageSize?: number;
}

/**
 * Every parameter under `path`, at every depth, as `{ "db/host": "…", … }` (names relative to `path`).
 * One GetParametersByPath call returns at most 10: follow NextToken (the paginator does it for you).
 */
export async function readTree(
  ssm: SSMClient,
  path: string,
  options: ReadTreeOptions = {},
): Promise<Record<string, string>> {
  throw new Error('TODO(3): Read a subtree across pages — see README.md, exercise 3');
}
