import { createHash } from 'node:crypto';
import type { Owner } from '@aws-sdk/client-s3';

/** S3's Owner element: a 64-hex canonical user id, derived from the account so it is stable. */
export function ownerOf(accountId: string): Owner {
  return { ID: createHash('sha256').update(accountId).digest('hex'), DisplayName: `cloudlab-${accountId}` };
}
