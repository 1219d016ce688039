import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { AccountLimits } from '@cloudlab/emulator';
import {
  discoverLabs,
  hashTestFiles,
  type LabInfo,
  type LabInventory,
  resolveLab,
} from '@cloudlab/grader/course';
import { batchKey, sealRecord, verifySeal } from '../integrity/record-seal.ts';
import type { LabColumn } from '../report/class-stats.ts';
import { writeGradebook } from '../report/gradebook-csv.ts';
import { writeClassReport } from '../report/report-html.ts';
import { BatchSandbox } from '../sandbox/batch-sandbox.ts';
import type { LimitsKind, SandboxLimits } from '../sandbox/sandbox-limits.ts';
import { findSubmissions } from '../submissions/find-submissions.ts';
import { fingerprint } from '../submissions/fingerprint.ts';
import type { SubmissionLimits } from '../submissions/limits.ts';
import {
  RECORD_SCHEMA_VERSION,
  type RefusedEntry,
  type Submission,
  type SubmissionRecord,
} from './batch-types.ts';
import { defaultWorkers } from './default-workers.ts';
import { gradeInChild } from './grade-in-child.ts';
import { type BatchEmulator, gradeSubmission } from './grade-submission.ts';
import { OutputDir } from './output-dir.ts';
import { WarmWorker } from './warm-worker.ts';

export interface BatchOptions {
  /** A folder of learner folders and/or zips, or a CSV of learner,path. */
  submissions: string;
  out: string;
  /** The instructor's course (with solution/ and hidden/). */
  courseRoot: string;
  /** Lab ids or slugs; default every lab of the course. */
  labs?: string[];
  /** Submissions graded at once; default one per core, as many as free memory holds (default-workers.ts). */
  workers?: number;
  /** Re-grade submissions that already have a results file with the same fingerprint. */
  force?: boolean;
  /** Wall-clock budget per submission, all its labs together. Default 600 s. */
  timeoutSeconds?: number;
  /** Heap cap per grading process. Default 768 MB. */
  maxOldSpaceMB?: number;
  /**
   * `warm` (default): each worker keeps one grading process with one Vitest per lab and grades submission
   * after submission on it, replaced after a crash, a timeout or past `recycleAboveMB`. `process`: a fresh
   * grading process per submission (slower; every lab's Vitest starts cold each time).
   */
  isolation?: 'warm' | 'process';
  /** Warm workers: resident memory (MB) after a submission past which the grading process is replaced. */
  recycleAboveMB?: number;
  submissionLimits?: SubmissionLimits;
  /** A running emulator to share; default: one is started for the batch and stopped after it. */
  emulator?: BatchEmulator;
  /**
   * Grade without the per-learner sandbox (SECURITY.md, item 3): learners' code then runs as this user, with
   * this machine's network, files and processes in reach. Only for code one trusts.
   */
  unsafeNoSandbox?: boolean;
  /** Memory, task and file-size limits of each sandbox. */
  sandboxLimits?: SandboxLimits;
  /** Keep each submission's staged copy under OUT/.work (debugging). */
  keepWork?: boolean;
  onPlan?(plan: { total: number; skipped: number; workers: number }): void;
  onSubmissionEnd?(record: SubmissionRecord, skipped: boolean): void;
}

export interface BatchSummary {
  outDir: string;
  labs: string[];
  records: SubmissionRecord[];
  refused: RefusedEntry[];
  graded: number;
  skipped: number;
  gradebook: string;
  report: string;
  durationMs: number;
  /** How learners were isolated: a bubblewrap sandbox each (and how its limits were applied), or none. */
  sandbox: { kind: 'bwrap'; limits: LimitsKind } | { kind: 'none' };
  /** Warm workers only: grading processes started (one per worker plus each replacement), peak memory. */
  warm?: { processesStarted: number; peakRssMB: number };
}

export class BatchInputError extends Error {
  readonly code = 'InvalidBatchInput';
}

/**
 * Grades a class: every submission with the instructor's tests, `workers` at a time, each with its own
 * emulator account, on a warm grading process per worker (or a fresh one per submission); then writes
 * OUT/gradebook.csv and OUT/report.html from every results file.
 * Resumable: a submission whose results file matches its fingerprint and labs is not graded again.
 */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = Date.now();
  const out = new OutputDir(options.out);
  const input = resolve(options.submissions);
  const rel = relative(input, out.root);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
    throw new BatchInputError(`--out ${options.out} is inside the submissions folder — put it elsewhere`);
  const labs = await pickLabs(options.courseRoot, options.labs);
  const labFolders = labs.map((lab) => lab.folder);
  // Before any learner: each lab's checks and points, collected in this process, which never loads learner code.
  const inventories = await collectInventories(labs);
  // The course's tests as they are now: each learner's copy is compared with this, never with the live files.
  const courseTests = new Map(
    await Promise.all(labs.map(async (lab) => [lab.folder, await hashTestFiles(lab.dir)] as const)),
  );
  // Only this process holds it: results files are sealed with it and a resumed batch believes only sealed ones.
  const key = await batchKey(out);
  const { submissions, refused } = await findSubmissions(input);

  const records = new Map<string, SubmissionRecord>();
  let warmStats: BatchSummary['warm'];
  const queue: { submission: Submission; fingerprint: string; resealed?: string }[] = [];
  for (const submission of submissions) {
    const print = await fingerprint(submission);
    const stored = options.force ? undefined : await readRecord(out, submission.learner);
    const previous = stored && verifySeal(stored, key) ? stored : undefined;
    if (
      previous &&
      // A record whose grading process died (status error) is graded again: that is not a grade.
      previous.status !== 'error' &&
      previous.fingerprint === print &&
      labFolders.every((lab) => previous.labs.includes(lab))
    ) {
      records.set(submission.learner, previous);
      options.onSubmissionEnd?.(previous, true);
    } else {
      queue.push({
        submission,
        fingerprint: print,
        ...(stored && !previous
          ? {
              resealed:
                'its results file was changed after it was written (the seal did not match): graded again',
            }
          : {}),
      });
    }
  }
  const skipped = submissions.length - queue.length;
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), queue.length || 1));
  options.onPlan?.({ total: submissions.length, skipped, workers });

  let sandboxKind: BatchSummary['sandbox'] = { kind: 'none' };
  if (queue.length > 0) {
    const emulator = options.emulator ?? (await startBatchEmulator(workers));
    let sandbox: BatchSandbox | undefined;
    try {
      // Before the first learner: a machine that cannot sandbox refuses here, with the reason.
      sandbox = options.unsafeNoSandbox
        ? undefined
        : await BatchSandbox.open({
            courseRoot: options.courseRoot,
            outDir: out.root,
            emulator: emulator.accept
              ? { accept: (connection) => emulator.accept!(connection) }
              : emulator.endpoint,
            labs: labFolders,
            ...(options.sandboxLimits ? { limits: options.sandboxLimits } : {}),
          });
      if (sandbox) sandboxKind = { kind: 'bwrap', limits: sandbox.limitsKind };
      const maxOldSpaceMB = options.maxOldSpaceMB ?? 768;
      const warm = Array.from({ length: workers }, (_, slot) =>
        options.isolation === 'process'
          ? undefined
          : new WarmWorker({
              dir: out.path('.work', `worker-${slot}`),
              recycleAboveMB: options.recycleAboveMB ?? 2 * maxOldSpaceMB,
              ...(sandbox ? { sandbox: { sandbox, slot } } : {}),
            }),
      );
      const next = async (slot: number): Promise<void> => {
        const worker = warm[slot];
        for (let item = queue.shift(); item; item = queue.shift()) {
          const record = await gradeSubmission({
            submission: item.submission,
            fingerprint: item.fingerprint,
            courseRoot: options.courseRoot,
            labs,
            inventories,
            courseTests,
            // A warm worker's Vitest aliases `@lab` to one path per lab: every submission is staged there.
            workDir: worker
              ? out.path('.work', `worker-${slot}`, 'submission')
              : out.path('.work', item.submission.learner),
            runner:
              worker?.grade ??
              ((job, workDir, env, limits) =>
                gradeInChild(job, workDir, env, limits, sandbox ? { sandbox, slot } : undefined)),
            emulator,
            limits: {
              timeoutMs: (options.timeoutSeconds ?? 600) * 1000,
              maxOldSpaceMB,
            },
            ...(options.submissionLimits ? { submissionLimits: options.submissionLimits } : {}),
            ...(options.keepWork ? { keepWork: true } : {}),
          });
          if (item.resealed) {
            record.flags.push('tampered-record');
            record.notes.push(item.resealed);
          }
          await out.write(
            ['results', `${item.submission.learner}.json`],
            `${JSON.stringify(sealRecord(record, key), null, 2)}\n`,
          );
          records.set(item.submission.learner, record);
          options.onSubmissionEnd?.(record, false);
        }
      };
      try {
        await Promise.all(warm.map((_, slot) => next(slot)));
      } finally {
        await Promise.all(warm.map((worker) => worker?.close()));
        const used = warm.filter((worker) => worker !== undefined);
        if (used.length > 0)
          warmStats = {
            processesStarted: used.reduce((sum, worker) => sum + worker.started, 0),
            peakRssMB: Math.max(...used.map((worker) => worker.peakRssMB)),
          };
      }
    } finally {
      await sandbox?.close();
      if (!options.keepWork) await rm(out.path('.work'), { recursive: true, force: true });
      if (!options.emulator) await (emulator as BatchEmulator & { stop(): Promise<void> }).stop();
    }
  }

  const ordered = submissions.map((submission) => records.get(submission.learner)!);
  const columns: LabColumn[] = labs.map((lab) => ({
    folder: lab.folder,
    id: lab.id,
    title: lab.title,
    maxScore: inventories.get(lab.folder)!.maxScore,
  }));
  const gradebook = await writeGradebook(out, columns, ordered, refused);
  const report = await writeClassReport(out, columns, ordered, refused);
  return {
    outDir: out.root,
    labs: labFolders,
    records: ordered,
    refused,
    graded: submissions.length - skipped,
    skipped,
    gradebook,
    report,
    durationMs: Date.now() - started,
    sandbox: sandboxKind,
    ...(warmStats ? { warm: warmStats } : {}),
  };
}

async function pickLabs(courseRoot: string, queries: readonly string[] | undefined): Promise<LabInfo[]> {
  const all = await discoverLabs(courseRoot);
  if (all.length === 0) throw new BatchInputError(`no labs under ${courseRoot}/labs`);
  if (!queries || queries.length === 0) return all;
  return queries.map((query) => resolveLab(all, query));
}

async function collectInventories(labs: readonly LabInfo[]): Promise<Map<string, LabInventory>> {
  const { trustedInventories } = await import('@cloudlab/grader/node');
  try {
    const inventories = await trustedInventories(labs);
    return new Map(inventories.map((inventory) => [inventory.lab, inventory]));
  } catch (error) {
    throw new BatchInputError(
      `${(error as Error).message} — fix the course's tests before grading the class`,
    );
  }
}

async function readRecord(out: OutputDir, learner: string): Promise<SubmissionRecord | undefined> {
  const path = out.path('results', `${learner}.json`);
  if (!existsSync(path)) return undefined;
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as SubmissionRecord;
    return record.schemaVersion === RECORD_SCHEMA_VERSION ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Requests one learner's account may make: the labs' checks make about 500, a learner's own code some more. */
export const LEARNER_REQUEST_LIMIT = 20_000;
/**
 * Bytes one learner's requests may bring into the emulator (accountLimits.ingressBytes), which bounds what its
 * account keeps in every service: the five labs' reference solutions bring 3.6 MiB per learner (bench/
 * learner-ingress.ts; lab 02's 2,502-object fixture 2.6 MiB of it), so 32 MiB leaves them 9× their need, and an
 * account that fills it with parameters holds ~28 MiB of the batch's heap.
 */
export const LEARNER_INGRESS_BYTES = 32 * 1024 * 1024;
/** S3 bodies the in-memory emulator holds in all (its default), shared by the learners graded at once. */
const OBJECT_MEMORY_BYTES = 256 * 1024 * 1024;

/** Each learner's share of the batch's emulator, `workers` learners graded at once. */
export function batchAccountLimits(workers: number): AccountLimits {
  return {
    requests: LEARNER_REQUEST_LIMIT,
    objectBytes: Math.min(32 * 1024 * 1024, Math.floor(OBJECT_MEMORY_BYTES / Math.max(1, workers))),
    // Lab 05's template is ~2 KB; a stack keeps its template and the parsed copy while it lives.
    templateBytes: 8 * 1024 * 1024,
    // Unpacked on the batch machine's disk; lab 05's bundled function is a few MB.
    codeBytes: 256 * 1024 * 1024,
    ingressBytes: LEARNER_INGRESS_BYTES,
  };
}

/**
 * The batch's emulator, each learner's account bounded (SECURITY.md, item 4): a learner whose code loops over
 * PutParameter, or fills S3, runs into its own limit, never the batch process's memory or another learner's
 * uploads.
 */
async function startBatchEmulator(workers: number): Promise<BatchEmulator & { stop(): Promise<void> }> {
  const { startEmulator } = await import('@cloudlab/emulator');
  return startEmulator({ accountLimits: batchAccountLimits(workers) });
}
