import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RefusedEntry, Submission } from '../batch/batch-types.ts';
import { learnerIdProblem, learnerKey } from './learner-id.ts';

export interface FoundSubmissions {
  submissions: Submission[];
  refused: RefusedEntry[];
}

export class SubmissionsInputError extends Error {
  readonly code = 'InvalidSubmissions';
}

/**
 * Reads the submissions input, one of:
 *  - a folder of folders: one folder per learner, named by the learner id;
 *  - a folder of zip files: `<learner>.zip` (folders and zips may be mixed);
 *  - a CSV file with the columns `learner,path` (paths relative to the CSV's folder, folders or zips).
 * Each learner's folder (or zip root) is laid out like the student copy (`labs/NN-slug/starter/…`) or holds
 * the lab folders directly (`NN-slug/…` or `NN-slug/starter/…`); see stage-submission.ts.
 * Bad ids, duplicates and missing paths are refused here, each with a reason for the gradebook.
 */
export async function findSubmissions(input: string): Promise<FoundSubmissions> {
  const root = resolve(input);
  if (!existsSync(root))
    throw new SubmissionsInputError(`${input} does not exist — pass a folder or a CSV file`);
  const info = await stat(root);
  const candidates = info.isDirectory() ? await fromFolder(root) : await fromCsv(root);
  return dedupe(candidates);
}

interface Candidate {
  learner: string;
  kind: 'dir' | 'zip' | 'missing';
  path: string;
  shown: string;
}

async function fromFolder(root: string): Promise<Candidate[]> {
  const entries = (await readdir(root, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const found: Candidate[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = resolve(root, entry.name);
    // A symlinked learner folder could point anywhere on the instructor's disk: refused like any symlink.
    if (entry.isSymbolicLink()) {
      found.push({ learner: entry.name.replace(/\.zip$/i, ''), kind: 'missing', path, shown: entry.name });
      continue;
    }
    if (entry.isDirectory()) found.push({ learner: entry.name, kind: 'dir', path, shown: entry.name });
    else if (entry.isFile() && extname(entry.name).toLowerCase() === '.zip')
      found.push({
        learner: basename(entry.name, extname(entry.name)),
        kind: 'zip',
        path,
        shown: entry.name,
      });
  }
  return found;
}

async function fromCsv(file: string): Promise<Candidate[]> {
  if (extname(file).toLowerCase() !== '.csv')
    throw new SubmissionsInputError(`${file} is neither a folder nor a .csv file of learner,path lines`);
  let rows: Record<string, string>[];
  try {
    rows = parse(await readFile(file, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw new SubmissionsInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (rows.length > 0 && (!('learner' in rows[0]!) || !('path' in rows[0]!)))
    throw new SubmissionsInputError(`${file} needs a header line "learner,path"`);
  const base = dirname(file);
  const found: Candidate[] = [];
  for (const row of rows) {
    const learner = row.learner ?? '';
    const path = resolve(base, row.path ?? '');
    const shown = row.path ?? '';
    if (!row.path || !existsSync(path)) {
      found.push({ learner, kind: 'missing', path, shown });
      continue;
    }
    const info = await stat(path);
    const kind = info.isDirectory() ? 'dir' : extname(path).toLowerCase() === '.zip' ? 'zip' : 'missing';
    found.push({ learner, kind, path, shown: relative(base, path) || path });
  }
  return found;
}

function dedupe(candidates: Candidate[]): FoundSubmissions {
  const submissions: Submission[] = [];
  const refused: RefusedEntry[] = [];
  const seen = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const { learner, shown } = candidate;
    const problem = learnerIdProblem(learner);
    if (problem) {
      refused.push({ learner, shown, flag: 'bad-learner-id', reason: problem });
      continue;
    }
    const first = seen.get(learnerKey(learner));
    if (first) {
      refused.push({
        learner,
        shown,
        flag: 'duplicate-learner',
        reason: `learner id "${learner}" already used by ${first.shown} — rename one of them; only the first is graded`,
      });
      continue;
    }
    seen.set(learnerKey(learner), candidate);
    if (candidate.kind === 'missing') {
      refused.push({
        learner,
        shown,
        flag: 'missing-path',
        reason: `${shown} is not a folder or .zip file (missing, a symlink, or another kind of file)`,
      });
      continue;
    }
    submissions.push({ learner, kind: candidate.kind, path: candidate.path, shown });
  }
  return { submissions, refused };
}
