import { DeleteParametersCommand, paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';

/**
 * Deletes every parameter under `path` (all depths) and returns how many were deleted. DeleteParameters takes
 * at most 10 names per call, so the names are sent in batches.
 */
export async function deleteTree(ssm: SSMClient, path: string): Promise<number> {
  // BEGIN SOLUTION 8
  const names: string[] = [];
  for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: path, Recursive: true })) {
    for (const parameter of page.Parameters ?? []) if (parameter.Name) names.push(parameter.Name);
  }
  let deleted = 0;
  for (let i = 0; i < names.length; i += 10) {
    const out = await ssm.send(new DeleteParametersCommand({ Names: names.slice(i, i + 10) }));
    deleted += out.DeletedParameters?.length ?? 0;
  }
  return deleted;
  // END SOLUTION
}
