import { basename } from 'node:path';
import {
  type Capability,
  type CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { type BuildOptions, type BuiltFunction, buildFunctions } from './build-functions.ts';
import { type ChangeSetReview, changeSetTable, createChangeSet, discardChangeSet } from './change-set.ts';
import { deleteStack, ensureBucket } from './delete-stack.ts';
import { SamError } from './sam-error.ts';
import { loadTemplate, serverlessFunctions } from './template-file.ts';
import { validateTemplate } from './validate-template.ts';

/**
 * `sam deploy` with the SDK only: validate, build, upload each bundle to S3, create a change set (CREATE or
 * UPDATE, with CAPABILITY_IAM and CAPABILITY_AUTO_EXPAND), print its changes, execute it once confirmed, wait
 * while reporting stack events, and return the outputs. A change set with no changes ends the deploy, as
 * `sam deploy --no-fail-on-empty-changeset` does. A first deploy that fails is rolled back and then deleted,
 * so nothing is left behind.
 */
export interface SamClients {
  cloudformation: CloudFormationClient;
  s3: S3Client;
  sts: STSClient;
}

export interface DeployOptions {
  templatePath: string;
  stackName: string;
  /** Bucket for the bundles; created if missing. */
  bucket: string;
  clients: SamClients;
  parameters?: Record<string, string>;
  tags?: Record<string, string>;
  /** One line per step and per stack event. */
  onProgress?: (line: string) => void;
  pollMs?: number;
  timeoutMs?: number;
  /** Where and how to build (default .aws-sam/build beside the template). */
  build?: Pick<BuildOptions, 'outDir' | 'nodePaths'>;
  /**
   * Asked once the change set's changes are printed (`sam deploy --confirm-changeset`); false deletes the change
   * set and deploys nothing. Omitted, the change set is executed.
   */
  confirm?: (changeSet: ChangeSetReview) => Promise<boolean>;
}

export interface DeployResult {
  stackName: string;
  stackId: string;
  status: string;
  outputs: Record<string, string>;
  /** The first output that is an http(s) URL. */
  url?: string;
  bucket: string;
  keys: string[];
  changeSet: ChangeSetReview;
  /** False when the change set was empty or not confirmed: the stack is as it was. */
  executed: boolean;
}

const CAPABILITIES: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function describe(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message))
      return undefined;
    throw error;
  }
}

async function upload(
  s3: S3Client,
  bucket: string,
  stackName: string,
  fn: BuiltFunction,
  progress: (l: string) => void,
) {
  const key = `${stackName}/${fn.sha256}.zip`;
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    progress(`  ${fn.logicalId}: s3://${bucket}/${key} is up to date`);
  } catch {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: fn.zip, ContentType: 'application/zip' }),
    );
    progress(
      `  ${fn.logicalId}: uploaded ${(fn.zip.byteLength / 1024).toFixed(0)} KiB to s3://${bucket}/${key}`,
    );
  }
  return key;
}

/** Polls until the stack leaves *_IN_PROGRESS, printing each new event once. */
export async function waitForStack(
  cfn: CloudFormationClient,
  stackName: string,
  since: Date,
  options: { pollMs: number; timeoutMs: number; onEvent: (e: StackEvent) => void },
): Promise<{ stack?: Stack; events: StackEvent[] }> {
  const seen = new Set<string>();
  const events: StackEvent[] = [];
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const stack = await describe(cfn, stackName);
    try {
      const page =
        (await cfn.send(new DescribeStackEventsCommand({ StackName: stack?.StackId ?? stackName })))
          .StackEvents ?? [];
      for (const e of [...page].reverse()) {
        if (!e.EventId || seen.has(e.EventId) || (e.Timestamp && e.Timestamp < since)) continue;
        seen.add(e.EventId);
        events.push(e);
        options.onEvent(e);
      }
    } catch {
      // A deleted stack has no events to read.
    }
    if (!stack?.StackStatus?.endsWith('_IN_PROGRESS')) return { stack, events };
    if (Date.now() > deadline) {
      throw new SamError(
        'Timeout',
        `${stackName} is still ${stack.StackStatus} after ${options.timeoutMs / 1000}s — check the AWS console`,
      );
    }
    await sleep(options.pollMs);
  }
}

export const describeEvent = (e: StackEvent) =>
  `  ${e.ResourceStatus?.padEnd(22)} ${e.ResourceType?.padEnd(28)} ${e.LogicalResourceId}${e.ResourceStatusReason ? ` — ${e.ResourceStatusReason}` : ''}`;

export async function deployStack(options: DeployOptions): Promise<DeployResult> {
  const progress = options.onProgress ?? (() => {});
  const { cloudformation: cfn, s3, sts } = options.clients;

  progress('Validating template');
  const report = validateTemplate(options.templatePath);
  const errors = report.findings.filter((f) => f.level === 'error');
  if (errors.length) {
    // The findings first (a one-line report cut at its end still shows them); the file is the learner's own.
    const first = errors.map((f) => `${f.line ? `line ${f.line}: ` : ''}${f.rule} ${f.message}`).join('; ');
    throw new SamError(
      'InvalidTemplate',
      `${first} (${errors.length} error(s) in ${basename(options.templatePath)}: run \`cloudlab sam validate\`)`,
    );
  }

  progress('Building functions with esbuild');
  const built = await buildFunctions(options.templatePath, options.build);

  const { Account } = await sts.send(new GetCallerIdentityCommand({}));
  progress(`Uploading bundles (account ${Account})`);
  await ensureBucket(s3, options.bucket);
  const file = loadTemplate(options.templatePath);
  const template = structuredClone(file.template);
  const resources = template.Resources as Record<string, { Properties?: Record<string, unknown> }>;
  const keys: string[] = [];
  for (const fn of built) {
    const key = await upload(s3, options.bucket, options.stackName, fn, progress);
    keys.push(key);
    resources[fn.logicalId]!.Properties = {
      ...resources[fn.logicalId]!.Properties,
      CodeUri: `s3://${options.bucket}/${key}`,
    };
  }
  for (const fn of serverlessFunctions(template)) {
    if (!fn.props.InlineCode && !String(fn.props.CodeUri ?? '').startsWith('s3://')) {
      throw new SamError('BuildFailed', `${fn.id} was not built — check its Handler and CodeUri`);
    }
  }

  const existing = await describe(cfn, options.stackName);
  if (existing?.StackStatus === 'ROLLBACK_COMPLETE') {
    progress(`${options.stackName} is ROLLBACK_COMPLETE from an earlier failed deploy: deleting it first`);
    await deleteStack({ stackName: options.stackName, clients: options.clients, keepBundles: true });
  }
  // A stack in REVIEW_IN_PROGRESS has only a change set that never ran: a CREATE change set replaces it.
  const isUpdate = Boolean(
    existing && existing.StackStatus !== 'ROLLBACK_COMPLETE' && existing.StackStatus !== 'REVIEW_IN_PROGRESS',
  );
  const pollMs = options.pollMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  progress(`Creating a change set (${isUpdate ? 'UPDATE' : 'CREATE'}) for ${options.stackName}`);
  const changeSet = await createChangeSet(cfn, {
    stackName: options.stackName,
    type: isUpdate ? 'UPDATE' : 'CREATE',
    templateBody: JSON.stringify(template),
    capabilities: CAPABILITIES,
    parameters: options.parameters ?? {},
    tags: options.tags ?? {},
    pollMs,
    timeoutMs,
  });
  const result = {
    stackName: options.stackName,
    bucket: options.bucket,
    keys,
    changeSet,
  };
  if (changeSet.empty) {
    progress(`No changes to deploy: ${options.stackName} is up to date`);
    return { ...result, ...stackResult(existing), executed: false };
  }
  for (const line of changeSetTable(changeSet.changes)) progress(line);
  if (options.confirm && !(await options.confirm(changeSet))) {
    await discardChangeSet(cfn, options.stackName, changeSet.id, changeSet.type);
    progress(`Not deployed: change set ${changeSet.name} deleted`);
    return { ...result, ...stackResult(isUpdate ? existing : undefined), executed: false };
  }
  const started = new Date(Date.now() - 1000);
  progress(`Executing change set ${changeSet.name}`);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.id, StackName: options.stackName }));
  const { stack, events } = await waitForStack(cfn, options.stackName, started, {
    pollMs,
    timeoutMs,
    onEvent: (e) => progress(describeEvent(e)),
  });
  const status = stack?.StackStatus ?? 'UNKNOWN';
  if (status !== 'CREATE_COMPLETE' && status !== 'UPDATE_COMPLETE') {
    // The first failure is the cause; the resources cancelled because of it only repeat that.
    const reasons = events
      .filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason)
      .filter((e) => !/^Resource (creation|update) cancelled/.test(e.ResourceStatusReason ?? ''))
      .map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
    let cleanup = '';
    if (!isUpdate) {
      await deleteStack({ stackName: options.stackName, clients: options.clients, onProgress: progress });
      cleanup = ' The stack was deleted, so the next deploy starts clean.';
    }
    // The cause first: a one-line report cut at its end still says what failed and why.
    throw new SamError(
      'StackFailed',
      `${reasons.join('; ') || (stack?.StackStatusReason ?? 'no reason given')} (${options.stackName} ended ${status}.${cleanup})`,
    );
  }
  return { ...result, ...stackResult(stack), executed: true };
}

/** What DeployResult says about a stack: its id, status and outputs, and the first output that is a URL. */
function stackResult(stack: Stack | undefined) {
  const outputs = Object.fromEntries(
    (stack?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  return {
    stackId: stack?.StackId ?? '',
    status: stack?.StackStatus ?? 'NOT_CREATED',
    outputs,
    url: Object.values(outputs).find((v) => /^https?:\/\//.test(v)),
  };
}
