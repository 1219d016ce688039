import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Flag, Submission } from '../batch/batch-types.ts';
import { scanCode } from '../integrity/code-scan.ts';
import { compareTests, describeTampering, isTampered } from '../integrity/tests-tamper.ts';
import { DEFAULT_LIMITS, type SubmissionLimits } from './limits.ts';
import { safeCopy } from './safe-copy.ts';
import { safeUnzip } from './safe-unzip.ts';

/** What the batch needs of a lab: its folder name (NN-slug) and the instructor's copy of it. */
export interface LabRef {
  folder: string;
  dir: string;
}

export interface StagedSubmission {
  /** Lab folder → the learner's code for it, staged inside the work folder (absent: not handed in). */
  codeDirs: Record<string, string>;
  flags: Flag[];
  notes: string[];
}

const LAB_FOLDER = /^\d{2}-[a-z0-9-]+$/;

/**
 * Unpacks a submission into `workDir` (inside the batch's output folder) and finds each lab's code.
 * Accepted layouts, first match wins, per lab folder F:
 *   labs/F/starter/   (the student copy of the course, as `cloudlab release` made it)
 *   F/starter/        (the lab folders alone)
 *   F/                (just the code)
 * either at the submission's root or inside one single top-level folder (a zip of a folder).
 * Each lab's code moves to `workDir/labs/F/code`, beside a link to the instructor lab's node_modules, so
 * the learner's imports (`@aws-sdk/client-s3`) resolve as they do in the course, while the instructor's
 * solution/ and hidden/ are nowhere near the learner's relative paths.
 * Throws UnsafeSubmissionError (from the unpackers) to refuse the submission.
 */
export async function stageSubmission(
  submission: Submission,
  labs: readonly LabRef[],
  courseTests: ReadonlyMap<string, ReadonlyMap<string, string>>,
  workDir: string,
  limits: SubmissionLimits = DEFAULT_LIMITS,
): Promise<StagedSubmission> {
  await rm(workDir, { recursive: true, force: true });
  const unpacked = join(workDir, 'src');
  const flags = new Set<Flag>();
  const notes: string[] = [];
  if (submission.kind === 'zip') {
    const zipNotes = await safeUnzip(submission.path, unpacked, limits);
    if (zipNotes.length > 0) flags.add('symlink');
    notes.push(...zipNotes);
  } else {
    const copied = await safeCopy(submission.path, unpacked, limits);
    if (copied.symlinks.length > 0) {
      flags.add('symlink');
      notes.push(`symlinks not followed: ${copied.symlinks.join(', ')}`);
    }
    if (copied.unreadable.length > 0) {
      flags.add('unreadable-file');
      notes.push(`files that could not be read were skipped: ${copied.unreadable.join(', ')}`);
    }
  }

  const root = await unwrap(unpacked);
  const codeDirs: Record<string, string> = {};
  for (const lab of labs) {
    const submittedLab = [join(root, 'labs', lab.folder), join(root, lab.folder)].find((dir) =>
      existsSync(dir),
    );
    const code = [
      join(root, 'labs', lab.folder, 'starter'),
      join(root, lab.folder, 'starter'),
      join(root, lab.folder),
    ].find((dir) => existsSync(dir));
    if (submittedLab) {
      const comparison = await compareTests(courseTests.get(lab.folder) ?? new Map(), submittedLab);
      if (comparison && isTampered(comparison)) {
        flags.add('tampered-tests');
        notes.push(describeTampering(lab.folder, comparison));
      }
    }
    if (!code) {
      flags.add('missing-lab');
      notes.push(
        `${lab.folder}: not in the submission (looked for labs/${lab.folder}/starter, ${lab.folder}/starter, ${lab.folder})`,
      );
      continue;
    }
    const staged = join(workDir, 'labs', lab.folder);
    await mkdir(staged, { recursive: true });
    await rename(code, join(staged, 'code'));
    const modules = join(lab.dir, 'node_modules');
    if (existsSync(modules)) await symlink(modules, join(staged, 'node_modules'), 'dir');
    codeDirs[lab.folder] = join(staged, 'code');
    for (const finding of await scanCode(join(staged, 'code'), lab.folder)) {
      flags.add(finding.kind);
      notes.push(
        finding.kind === 'hard-coded-key'
          ? `hard-coded access key id at ${finding.where}`
          : `code names the instructor's solution/ or hidden/ folder at ${finding.where}`,
      );
    }
  }
  return { codeDirs, flags: [...flags], notes };
}

/** A zip of a folder (`alice/labs/…`) has one top-level folder and nothing else: grade what is inside. */
async function unwrap(dir: string): Promise<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter(
    (entry) => !entry.name.startsWith('.'),
  );
  const only = entries[0];
  if (entries.length === 1 && only?.isDirectory() && only.name !== 'labs' && !LAB_FOLDER.test(only.name))
    return unwrap(join(dir, only.name));
  return dir;
}
