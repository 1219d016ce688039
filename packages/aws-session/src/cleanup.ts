import { createRequire } from 'node:module';
import type { CloudFormationClient, StackStatus } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ClientConstructor } from './client-config.ts';

// The SDK clients load on first use: every lab test file imports this package (through lab-resources),
// and most never clean up CloudFormation stacks. The SDK packages are CommonJS (no ESM exports map), so
// require() and import() give the same module instance.
const s3Sdk = () => import('@aws-sdk/client-s3');
const ssmSdk = () => import('@aws-sdk/client-ssm');
const cfnSdk = () => import('@aws-sdk/client-cloudformation');
const require = createRequire(import.meta.url);

/**
 * `cloudlab cleanup`: finds what lab runs left behind (by name prefix, confirmed by tags where the
 * resource has them) and deletes it. Only names under the course's own prefixes are ever considered,
 * so a learner's other buckets, parameters and stacks are never touched.
 */

export interface LeftoverFilter {
  /** Sanitised learner id; undefined means every learner. */
  learner?: string;
  /** Two-digit lab id; undefined means every lab. */
  lab?: string;
}

export type LeftoverKind = 's3-bucket' | 'ssm-parameter' | 'cloudformation-stack';

export interface Leftover {
  kind: LeftoverKind;
  id: string;
  /** How it was recognised: the course's name prefix alone, or the name and matching cloudlab:* tags. */
  matchedBy: 'name' | 'name+tags';
  tags?: Record<string, string>;
}

export interface CleanupClients {
  s3?: S3Client;
  ssm?: SSMClient;
  cloudformation?: CloudFormationClient;
}

/** The three clients cleanup needs, from a session (or anything with `client(Ctor)`). */
export function cleanupClients(factory: {
  client<T>(ctor: ClientConstructor<T>): T;
}): Required<CleanupClients> {
  // Synchronous API (callers build the clients before any call): hence require, not import().
  const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const { SSMClient } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
  const { CloudFormationClient } =
    require('@aws-sdk/client-cloudformation') as typeof import('@aws-sdk/client-cloudformation');
  return {
    s3: factory.client(S3Client),
    ssm: factory.client(SSMClient),
    cloudformation: factory.client(CloudFormationClient),
  };
}

export interface LeftoverOutcome extends Leftover {
  deleted: boolean;
  error?: string;
}

/** Stacks in these states are already gone or going. */
const GONE_STACK_STATUSES = new Set<StackStatus | string>(['DELETE_COMPLETE', 'DELETE_IN_PROGRESS']);

function namePrefix(filter: LeftoverFilter): string {
  if (filter.learner && filter.lab) return `cloudlab-${filter.learner}-${filter.lab}-`;
  if (filter.learner) return `cloudlab-${filter.learner}-`;
  return 'cloudlab-';
}

/** Names don't say where the learner ends when only the lab is given (learner ids may hold hyphens): check -NN-. */
function nameMatches(name: string, filter: LeftoverFilter): boolean {
  if (!name.startsWith(namePrefix(filter))) return false;
  if (filter.lab && !filter.learner) return name.includes(`-${filter.lab}-`);
  return true;
}

function tagsAgree(tags: Record<string, string>, filter: LeftoverFilter): boolean {
  if (filter.lab && tags['cloudlab:lab'] !== undefined && tags['cloudlab:lab'] !== filter.lab) return false;
  if (filter.learner && tags['cloudlab:learner'] !== undefined && tags['cloudlab:learner'] !== filter.learner)
    return false;
  return true;
}

async function bucketTags(s3: S3Client, bucket: string): Promise<Record<string, string> | undefined> {
  const { GetBucketTaggingCommand } = await s3Sdk();
  try {
    const answer = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    return Object.fromEntries((answer.TagSet ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  } catch (error) {
    // A bucket without tags answers NoSuchTagSet; that is not a reason to skip it.
    if ((error as Error).name === 'NoSuchTagSet') return undefined;
    throw error;
  }
}

export async function findLeftovers(
  clients: CleanupClients,
  filter: LeftoverFilter = {},
): Promise<Leftover[]> {
  const found: Leftover[] = [];
  if (clients.s3) {
    const { ListBucketsCommand } = await s3Sdk();
    const { Buckets = [] } = await clients.s3.send(new ListBucketsCommand({}));
    for (const bucket of Buckets) {
      const name = bucket.Name ?? '';
      if (!nameMatches(name, filter)) continue;
      const tags = await bucketTags(clients.s3, name);
      const cloudlabTags = tags && Object.keys(tags).some((key) => key.startsWith('cloudlab:'));
      if (tags && !tagsAgree(tags, filter)) continue;
      found.push({
        kind: 's3-bucket',
        id: name,
        matchedBy: cloudlabTags ? 'name+tags' : 'name',
        ...(tags ? { tags } : {}),
      });
    }
  }
  if (clients.ssm) {
    const path = ['', 'cloudlab', filter.learner, filter.learner ? filter.lab : undefined]
      .filter((p) => p !== undefined)
      .join('/');
    const { paginateGetParametersByPath } = await ssmSdk();
    const pages = paginateGetParametersByPath({ client: clients.ssm }, { Path: path, Recursive: true });
    for await (const page of pages) {
      for (const parameter of page.Parameters ?? []) {
        const name = parameter.Name ?? '';
        // /cloudlab/<learner>/<lab>/…: with only a lab given, check the third level.
        if (filter.lab && !filter.learner && name.split('/')[3] !== filter.lab) continue;
        found.push({ kind: 'ssm-parameter', id: name, matchedBy: 'name' });
      }
    }
  }
  if (clients.cloudformation) {
    const { paginateDescribeStacks } = await cfnSdk();
    // DescribeStacks without a name lists every stack that is not deleted (ListStacks also lists deleted ones).
    for await (const page of paginateDescribeStacks({ client: clients.cloudformation }, {})) {
      for (const stack of page.Stacks ?? []) {
        const name = stack.StackName ?? '';
        if (GONE_STACK_STATUSES.has(stack.StackStatus ?? '') || !nameMatches(name, filter)) continue;
        found.push({ kind: 'cloudformation-stack', id: name, matchedBy: 'name' });
      }
    }
  }
  return found;
}

/** Deletes every object (S3 refuses to delete a non-empty bucket), then the bucket. */
export async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  const { paginateListObjectsV2, DeleteObjectsCommand, DeleteBucketCommand } = await s3Sdk();
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key ?? '' }));
    // DeleteObjects takes at most 1,000 keys: exactly one ListObjectsV2 page.
    if (keys.length > 0)
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** Deletes the leftovers (or, with dryRun, only reports them); never throws, reports each outcome. */
export async function deleteLeftovers(
  clients: CleanupClients,
  leftovers: Leftover[],
  options: { dryRun?: boolean } = {},
): Promise<LeftoverOutcome[]> {
  if (options.dryRun) return leftovers.map((leftover) => ({ ...leftover, deleted: false }));
  const outcomes: LeftoverOutcome[] = [];
  const { DeleteParametersCommand } = await ssmSdk();
  const { DeleteStackCommand } = await cfnSdk();
  const parameters = leftovers.filter((l) => l.kind === 'ssm-parameter');
  // DeleteParameters takes up to 10 names per call.
  for (let i = 0; i < parameters.length; i += 10) {
    const batch = parameters.slice(i, i + 10);
    try {
      // Names AWS reports in InvalidParameters no longer exist: as good as deleted.
      await (clients.ssm as SSMClient).send(new DeleteParametersCommand({ Names: batch.map((p) => p.id) }));
      for (const p of batch) outcomes.push({ ...p, deleted: true });
    } catch (error) {
      for (const p of batch)
        outcomes.push({
          ...p,
          deleted: false,
          error: `${(error as Error).name}: ${(error as Error).message}`,
        });
    }
  }
  for (const leftover of leftovers) {
    if (leftover.kind === 'ssm-parameter') continue;
    try {
      if (leftover.kind === 's3-bucket') await emptyAndDeleteBucket(clients.s3 as S3Client, leftover.id);
      else
        await (clients.cloudformation as CloudFormationClient).send(
          new DeleteStackCommand({ StackName: leftover.id }),
        );
      outcomes.push({ ...leftover, deleted: true });
    } catch (error) {
      outcomes.push({
        ...leftover,
        deleted: false,
        error: `${(error as Error).name}: ${(error as Error).message}`,
      });
    }
  }
  return outcomes;
}
