import { type LabResourceContext, resourcePrefix, sanitizeNamePart } from '@cloudlab/aws-session';

/** `cloudlab-<learner>-<lab>-<purpose>`: the stack a lab deploys (the lab-resources naming rule). */
export function samStackName(ctx: Pick<LabResourceContext, 'learner' | 'lab'>, purpose = 'app'): string {
  return `${resourcePrefix(ctx)}-${sanitizeNamePart(purpose, 40)}`;
}

/**
 * The bundle bucket: one per learner, lab and account, so redeploys reuse it and `sam delete` can find it
 * again (bucket names are global on AWS, hence the account id).
 */
export function samBucketName(ctx: Pick<LabResourceContext, 'learner' | 'lab'>, accountId: string): string {
  return `${resourcePrefix(ctx)}-sam-${accountId}`.slice(0, 63);
}
