import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import {
  type LabInventory,
  type LabResult,
  type RunResult,
  reconcileWithInventory,
  toRunResult,
} from '@cloudlab/grader/course';
import { containsSecret, redactSecret } from '../integrity/secret-redaction.ts';
import { resourceLearnerName } from '../submissions/learner-id.ts';
import type { SubmissionLimits } from '../submissions/limits.ts';
import { UnsafeSubmissionError } from '../submissions/limits.ts';
import { type LabRef, stageSubmission } from '../submissions/stage-submission.ts';
import { type Flag, RECORD_SCHEMA_VERSION, type Submission, type SubmissionRecord } from './batch-types.ts';
import { type ChildLimits, gradeInChild, type JobRunner } from './grade-in-child.ts';
import { failedLabsName, unfinishedLab } from './lab-failure.ts';

/** The part of a running emulator the batch uses: one endpoint, one fresh account per submission. */
export interface BatchEmulator {
  endpoint: string;
  region: string;
  createAccount():
    | Promise<{ accessKeyId: string; secretAccessKey: string }>
    | { accessKeyId: string; secretAccessKey: string };
  /** Drops the account and all it holds once its submission is graded; without it, accounts pile up. */
  deleteAccount?(accessKeyId: string): Promise<void> | void;
  /** An emulator in this process serves the sandboxes' connections itself (see startEmulatorRelay). */
  accept?(connection: Duplex): void;
}

export interface GradeSubmissionInput {
  submission: Submission;
  fingerprint: string;
  courseRoot: string;
  labs: readonly LabRef[];
  /** Each lab's trusted inventory by folder: the only source of check ids, points and maxima. */
  inventories: ReadonlyMap<string, LabInventory>;
  /** Each lab's test files hashed once at batch start (folder → file → sha256): what submissions are compared with. */
  courseTests: ReadonlyMap<string, ReadonlyMap<string, string>>;
  workDir: string;
  emulator: BatchEmulator;
  limits: ChildLimits;
  /** What grades the staged code: default a fresh child process for this submission (gradeInChild). */
  runner?: JobRunner;
  submissionLimits?: SubmissionLimits;
  keepWork?: boolean;
}

/** Stages, grades (in a child, fresh or warm) and flags one submission. Never throws for anything the submission does. */
export async function gradeSubmission(input: GradeSubmissionInput): Promise<SubmissionRecord> {
  const { submission, labs, workDir } = input;
  const started = Date.now();
  const record = (fields: Partial<SubmissionRecord>): SubmissionRecord => ({
    schemaVersion: RECORD_SCHEMA_VERSION,
    learner: submission.learner,
    source: submission.shown,
    fingerprint: input.fingerprint,
    labs: labs.map((lab) => lab.folder),
    status: 'graded',
    flags: [],
    notes: [],
    gradedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    ...fields,
  });

  let accessKeyId: string | undefined;
  try {
    let staged: Awaited<ReturnType<typeof stageSubmission>>;
    try {
      staged = await stageSubmission(submission, labs, input.courseTests, workDir, input.submissionLimits);
    } catch (error) {
      if (!(error instanceof UnsafeSubmissionError)) throw error;
      return record({
        status: 'refused',
        flags: ['unsafe-submission'],
        notes: [`refused ${submission.shown}: ${error.message} — nothing of it was graded`],
      });
    }

    const account = await input.emulator.createAccount();
    accessKeyId = account.accessKeyId;
    const env = {
      AWS_ENDPOINT_URL: input.emulator.endpoint,
      AWS_REGION: input.emulator.region,
      AWS_ACCESS_KEY_ID: account.accessKeyId,
      AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
      CLOUDLAB_TARGET: 'emulator',
      CLOUDLAB_LEARNER: resourceLearnerName(submission.learner, input.fingerprint),
      CLOUDLAB_RUN_ID: randomBytes(4).toString('hex'),
    };
    const startedAt = new Date();
    const outcome = await (input.runner ?? gradeInChild)(
      {
        courseRoot: input.courseRoot,
        labs: labs.map((lab) => lab.folder),
        codeDirs: staged.codeDirs,
        inventories: labs.map((lab) => input.inventories.get(lab.folder)!),
      },
      workDir,
      env,
      input.limits,
    );

    const flags = new Set<Flag>(staged.flags);
    const notes = [...staged.notes];
    const byFolder = new Map(outcome.labs.map((lab) => [`${lab.id}-${lab.slug}`, lab]));
    // What the grading child reported is believed only as far as the inventory allows (it ran learner code).
    const results: LabResult[] = labs.map((lab) =>
      reconcileWithInventory(
        byFolder.get(lab.folder) ??
          unfinishedLab(lab.folder, outcome.failure?.message ?? 'the grading process ended before this lab'),
        input.inventories.get(lab.folder)!,
      ),
    );
    for (const result of results.filter((lab) => lab.forged)) {
      flags.add('forged-result');
      notes.push(
        `${result.id}-${result.slug}: ${result.forged!.join('; ')} — those verdicts were not counted`,
      );
    }
    if (outcome.failure) {
      flags.add(outcome.failure.kind);
      notes.push(`${failedLabsName(outcome.unfinished)}: ${outcome.failure.message}`);
    }
    // The grading child's own check of the live course against tests.sha256 is not a flag: whoever changed the
    // course mid-run, it was not necessarily this learner. Their own tests are compared with the batch's
    // snapshot while staging.
    const run = toRunResult(results, 'dir', startedAt);
    if (run.incomplete && !outcome.failure) {
      flags.add('incomplete');
      // The flag says why: each handed-in lab that could not be graded in full, with its own reason.
      for (const result of results) {
        const folder = `${result.id}-${result.slug}`;
        if (staged.codeDirs[folder] && result.errors.length > 0 && result.status !== 'failed')
          notes.push(`${folder}: ${result.errors.join('; ')}`);
      }
    }
    if (containsSecret(JSON.stringify(outcome.labs) + outcome.output, account.secretAccessKey)) {
      flags.add('leaked-secret');
      notes.push(
        'the code printed its secret access key (e.g. the whole environment) — redacted from these results',
      );
    }
    return redactSecret(
      record({
        status: outcome.failure && outcome.labs.length === 0 ? 'error' : 'graded',
        flags: [...flags],
        notes,
        run: withShortPaths(run, workDir, labs),
      }),
      account.secretAccessKey,
    );
  } catch (error) {
    return record({
      status: 'error',
      flags: ['crashed'],
      notes: [`could not grade ${submission.shown}: ${(error as Error)?.message ?? String(error)}`],
    });
  } finally {
    if (!input.keepWork) await rm(workDir, { recursive: true, force: true });
    // One shared emulator grades the whole class: each learner's buckets, parameters and functions would
    // otherwise stay in its memory to the end of the batch (~8 MB each, issue #10), crash or not.
    if (accessKeyId !== undefined) await input.emulator.deleteAccount?.(accessKeyId);
  }
}

/** `/out/.work/alice/labs/01-x/code/whoami.ts:3` reads as `01-x/whoami.ts:3` in the results and the report. */
function withShortPaths(run: RunResult, workDir: string, labs: readonly LabRef[]): RunResult {
  let text = JSON.stringify(run);
  for (const lab of labs) text = text.replaceAll(`${workDir}/labs/${lab.folder}/code`, lab.folder);
  return JSON.parse(text) as RunResult;
}
