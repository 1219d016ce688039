import { DeleteParametersCommand, paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';

/**
 * Deletes every parameter under `path` (all depths) and returns how many were deleted. DeleteParameters takes
 * at most 10 names per call, so the names are sent in batches.
 */
export async function deleteTree(ssm: SSMClient, path: string): Promise<number> {
  throw new Error('TODO(8): Delete the subtree — see README.md, exercise 8');
}
