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
  // BEGIN SOLUTION 3
  const values: Record<string, string> = {};
  const pages = paginateGetParametersByPath(
    { client: ssm, ...(options.pageSize ? { pageSize: options.pageSize } : {}) },
    { Path: path, Recursive: true, WithDecryption: options.withDecryption ?? false },
  );
  for await (const page of pages) {
    for (const parameter of page.Parameters ?? []) {
      if (!parameter.Name) continue;
      values[parameter.Name.slice(path.length + 1)] = parameter.Value ?? '';
    }
  }
  return values;
  // END SOLUTION
}
