import {
  type CloudFormationClient,
  DeleteStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { SamClients } from './deploy-stack.ts';
import { SamError } from './sam-error.ts';

/** `sam delete`: the stack, then the bundles deploy uploaded for it, then the bucket once empty. */
export interface DeleteOptions {
  stackName: string;
  clients: SamClients;
  /** The bundle bucket; omitted, only the stack is deleted. */
  bucket?: string;
  keepBundles?: boolean;
  onProgress?: (line: string) => void;
  pollMs?: number;
  timeoutMs?: number;
}

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch {
    // Missing (or not ours: CreateBucket then says so).
  }
  const region = await s3.config.region();
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
}

async function stackGone(cfn: CloudFormationClient, stackName: string): Promise<boolean> {
  try {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    return !stack || stack.StackStatus === 'DELETE_COMPLETE';
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return true;
    throw error;
  }
}

/** Returns true when there was a stack to delete. */
export async function deleteStack(options: DeleteOptions): Promise<boolean> {
  const progress = options.onProgress ?? (() => {});
  const { cloudformation: cfn, s3 } = options.clients;
  const existed = !(await stackGone(cfn, options.stackName));
  if (existed) {
    progress(`Deleting stack ${options.stackName}`);
    await cfn.send(new DeleteStackCommand({ StackName: options.stackName }));
    const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
    while (!(await stackGone(cfn, options.stackName))) {
      if (Date.now() > deadline)
        throw new SamError('Timeout', `${options.stackName} is still being deleted — check the AWS console`);
      await new Promise((r) => setTimeout(r, options.pollMs ?? 2000));
    }
  } else progress(`No stack ${options.stackName} to delete`);
  if (options.bucket && !options.keepBundles)
    await deleteBundles(s3, options.bucket, options.stackName, progress);
  return existed;
}

async function deleteBundles(s3: S3Client, bucket: string, stackName: string, progress: (l: string) => void) {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    return;
  }
  const prefix = `${stackName}/`;
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!).filter(Boolean));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  for (let i = 0; i < keys.length; i += 1000) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    );
  }
  if (keys.length) progress(`Deleted ${keys.length} bundle(s) from s3://${bucket}/${prefix}`);
  const rest = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
  if (!rest.KeyCount) {
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    progress(`Deleted the empty bucket ${bucket}`);
  }
}
