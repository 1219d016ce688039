import { randomBytes } from 'node:crypto';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { emptyAndDeleteBucket } from './cleanup.ts';

/**
 * Live-AWS hygiene for labs: every resource a lab creates is named `cloudlab-<learner>-<lab>-…` (SSM:
 * `/cloudlab/<learner>/<lab>/…`) and tagged cloudlab:lab / cloudlab:learner / cloudlab:run, so that a
 * tracker can delete it when the run ends and `cloudlab cleanup` can find it if the run never ended.
 */

export const TAG_LAB = 'cloudlab:lab';
export const TAG_LEARNER = 'cloudlab:learner';
export const TAG_RUN = 'cloudlab:run';

export interface LabResourceContext {
  /** Sanitised learner id: lowercase letters, digits and hyphens. */
  learner: string;
  /** Two-digit lab id, e.g. "02". */
  lab: string;
  runId: string;
}

/** Lowercase letters, digits and single hyphens, at most `max` characters: valid in bucket, stack and SSM names. */
export function sanitizeNamePart(value: string, max = 20): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, max)
    .replace(/-$/, '');
  return cleaned || 'x';
}

/** The context of this run, from CLOUDLAB_LEARNER (default "student") and CLOUDLAB_RUN_ID (default: random). */
export function labResourceContext(lab: string, env: NodeJS.ProcessEnv = process.env): LabResourceContext {
  if (!/^\d{2}$/.test(lab)) throw new Error(`lab id must be two digits such as "02", got "${lab}"`);
  return {
    learner: sanitizeNamePart(env.CLOUDLAB_LEARNER || 'student'),
    lab,
    runId: sanitizeNamePart(env.CLOUDLAB_RUN_ID || randomBytes(4).toString('hex'), 32),
  };
}

/** `cloudlab-<learner>-<lab>`: the prefix of every bucket and stack name of this lab and learner. */
export function resourcePrefix(ctx: Pick<LabResourceContext, 'learner' | 'lab'>): string {
  return `cloudlab-${ctx.learner}-${ctx.lab}`;
}

/**
 * A bucket name unique to this run: `cloudlab-<learner>-<lab>-<purpose>-<6 hex>`, lowercase, ≤ 63
 * characters (S3's limit), the purpose shortened first when the whole would be too long.
 */
export function bucketName(ctx: LabResourceContext, purpose = 'data'): string {
  const suffix = randomBytes(3).toString('hex');
  const fixed = `${resourcePrefix(ctx)}--${suffix}`.length;
  const room = Math.max(1, 63 - fixed);
  return `${resourcePrefix(ctx)}-${sanitizeNamePart(purpose, room)}-${suffix}`;
}

/** `cloudlab-<learner>-<lab>-<purpose>`: CloudFormation stack names allow letters, digits and hyphens (≤ 128). */
export function stackName(ctx: LabResourceContext, purpose: string): string {
  return `${resourcePrefix(ctx)}-${sanitizeNamePart(purpose, 60)}`;
}

/** `/cloudlab/<learner>/<lab>/<parts…>`: the SSM hierarchy this lab may write under. */
export function parameterPath(ctx: Pick<LabResourceContext, 'learner' | 'lab'>, ...parts: string[]): string {
  const rest = parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return ['', 'cloudlab', ctx.learner, ctx.lab, ...rest].join('/');
}

export function labTags(ctx: LabResourceContext): Record<string, string> {
  return { [TAG_LAB]: ctx.lab, [TAG_LEARNER]: ctx.learner, [TAG_RUN]: ctx.runId };
}

/** The same tags as AWS's `[{ Key, Value }]` list (S3, SSM and CloudFormation all take this shape). */
export function labTagList(ctx: LabResourceContext): { Key: string; Value: string }[] {
  return Object.entries(labTags(ctx)).map(([Key, Value]) => ({ Key, Value }));
}

export type TrackedKind = 's3-bucket' | 'ssm-parameter' | 'cloudformation-stack';

export interface TrackedResource {
  kind: TrackedKind;
  /** Bucket name, parameter name or stack name. */
  id: string;
}

export interface CleanupOutcome extends TrackedResource {
  deleted: boolean;
  /** Why it could not be deleted, with an AWS code when there is one. */
  error?: string;
}

export interface TrackerClients {
  s3?: S3Client;
  ssm?: SSMClient;
  cloudformation?: CloudFormationClient;
}

/** Errors meaning "already gone": deleting twice is fine. */
const ALREADY_GONE = new Set(['NoSuchBucket', 'ParameterNotFound', 'NotFound']);

/**
 * Remembers what a lab run created and deletes it — on success, on failure (call cleanup() in a finally)
 * and on Ctrl-C (installInterruptHandler). Deletes in reverse creation order.
 */
export class ResourceTracker {
  readonly #resources: TrackedResource[] = [];
  #removeHandler: (() => void) | undefined;

  constructor(
    readonly ctx: LabResourceContext,
    readonly clients: TrackerClients,
  ) {}

  get resources(): readonly TrackedResource[] {
    return this.#resources;
  }

  track(resource: TrackedResource): void {
    if (!this.#resources.some((r) => r.kind === resource.kind && r.id === resource.id))
      this.#resources.push(resource);
  }

  /** Creates a bucket named for this run, tags it, and tracks it. */
  async createBucket(purpose = 'data'): Promise<string> {
    const s3 = this.#need('s3');
    const name = bucketName(this.ctx, purpose);
    // Loaded on use, like every SDK client of this package: most lab test files never create a bucket.
    const { CreateBucketCommand, PutBucketTaggingCommand } = await import('@aws-sdk/client-s3');
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    this.track({ kind: 's3-bucket', id: name });
    await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: labTagList(this.ctx) } }));
    return name;
  }

  /** Deletes everything tracked, newest first; never throws, reports each outcome. */
  async cleanup(): Promise<CleanupOutcome[]> {
    const outcomes: CleanupOutcome[] = [];
    while (this.#resources.length > 0) {
      const resource = this.#resources.pop() as TrackedResource;
      try {
        await this.#delete(resource);
        outcomes.push({ ...resource, deleted: true });
      } catch (error) {
        const code = (error as Error).name;
        if (ALREADY_GONE.has(code)) outcomes.push({ ...resource, deleted: true });
        else outcomes.push({ ...resource, deleted: false, error: `${code}: ${(error as Error).message}` });
      }
    }
    return outcomes;
  }

  /**
   * On SIGINT/SIGTERM: clean up, report, then exit with the signal's conventional code (130/143).
   * Returns a function that removes the handler (call it once the run has cleaned up normally).
   */
  installInterruptHandler(report: (outcomes: CleanupOutcome[]) => void = () => {}): () => void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.#removeHandler?.();
      void this.cleanup().then((outcomes) => {
        report(outcomes);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    this.#removeHandler = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      this.#removeHandler = undefined;
    };
    return this.#removeHandler;
  }

  async #delete(resource: TrackedResource): Promise<void> {
    switch (resource.kind) {
      case 's3-bucket':
        return emptyAndDeleteBucket(this.#need('s3'), resource.id);
      case 'ssm-parameter': {
        const { DeleteParameterCommand } = await import('@aws-sdk/client-ssm');
        await this.#need('ssm').send(new DeleteParameterCommand({ Name: resource.id }));
        return;
      }
      case 'cloudformation-stack': {
        const { DeleteStackCommand } = await import('@aws-sdk/client-cloudformation');
        await this.#need('cloudformation').send(new DeleteStackCommand({ StackName: resource.id }));
        return;
      }
    }
  }

  #need<K extends keyof TrackerClients>(name: K): NonNullable<TrackerClients[K]> {
    const client = this.clients[name];
    if (!client)
      throw new Error(`ResourceTracker needs a ${name} client for this resource: pass it in clients.${name}`);
    return client as NonNullable<TrackerClients[K]>;
  }
}

/**
 * Runs `fn` with a tracker and cleans up however it ends: normal return, thrown error or Ctrl-C.
 * `onCleanup` receives what was deleted (or could not be) so a caller can report leftovers.
 */
export async function withLabResources<T>(
  ctx: LabResourceContext,
  clients: TrackerClients,
  fn: (tracker: ResourceTracker) => Promise<T>,
  onCleanup: (outcomes: CleanupOutcome[]) => void = () => {},
): Promise<T> {
  const tracker = new ResourceTracker(ctx, clients);
  const removeHandler = tracker.installInterruptHandler(onCleanup);
  try {
    return await fn(tracker);
  } finally {
    removeHandler();
    onCleanup(await tracker.cleanup());
  }
}
