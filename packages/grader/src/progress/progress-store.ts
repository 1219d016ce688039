import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabStatus, RunResult } from '../model/run-result.ts';

/**
 * The student's progress, `.cloudlab/progress.json` under the course folder. This module is its only reader
 * and writer. A file that does not parse is kept aside (`progress.json.corrupt-<time>`) and progress starts
 * over, with a warning, rather than failing every command.
 */
export const PROGRESS_SCHEMA_VERSION = 1;

export interface LabProgress {
  /** How many hints of the current failing check have been revealed (0 = none asked for yet). */
  hintsShown: number;
  /** The check those hints belong to: a new failing check starts at hint 1 again. */
  hintCheck?: string;
  bestScore: number;
  maxScore: number;
  lastScore: number;
  lastStatus?: LabStatus;
  lastGradedAt?: string;
  /** True once every check of the lab passed with the student's own code. */
  passed: boolean;
}

export interface Progress {
  schemaVersion: typeof PROGRESS_SCHEMA_VERSION;
  labs: Record<string, LabProgress>;
}

export interface LoadedProgress {
  progress: Progress;
  /** Set when a corrupted file was moved aside. */
  warning?: string;
}

const empty = (): Progress => ({ schemaVersion: PROGRESS_SCHEMA_VERSION, labs: {} });

export const emptyLabProgress = (): LabProgress => ({
  hintsShown: 0,
  bestScore: 0,
  maxScore: 0,
  lastScore: 0,
  passed: false,
});

export function progressPath(root: string): string {
  return join(root, '.cloudlab', 'progress.json');
}

function isProgress(value: unknown): value is Progress {
  if (!value || typeof value !== 'object') return false;
  const record = value as Progress;
  return record.schemaVersion === PROGRESS_SCHEMA_VERSION && !!record.labs && typeof record.labs === 'object';
}

export async function loadProgress(root: string): Promise<LoadedProgress> {
  const path = progressPath(root);
  if (!existsSync(path)) return { progress: empty() };
  const text = await readFile(path, 'utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (isProgress(parsed)) return { progress: parsed };
  } catch {
    // fall through: handled as a corrupted file below
  }
  const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, aside);
  return {
    progress: empty(),
    warning: `progress file ${path} was unreadable; kept a copy at ${aside} and started a fresh one`,
  };
}

export async function saveProgress(root: string, progress: Progress): Promise<void> {
  const path = progressPath(root);
  await mkdir(join(root, '.cloudlab'), { recursive: true });
  // Write then rename, so an interrupted write never leaves a half file behind.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(progress, null, 2)}\n`);
  await rename(temporary, path);
}

/** Reads, changes and writes the progress in one step; returns the result and any recovery warning. */
export async function updateProgress(
  root: string,
  change: (progress: Progress) => void,
): Promise<LoadedProgress> {
  const loaded = await loadProgress(root);
  change(loaded.progress);
  await saveProgress(root, loaded.progress);
  return loaded;
}

/** Records a grading run of the student's own code (solution runs say nothing about the student). */
export function recordRun(progress: Progress, run: RunResult): void {
  if (run.variant === 'solution') return;
  for (const lab of run.labs) {
    progress.labs[lab.id] ??= emptyLabProgress();
    const entry = progress.labs[lab.id]!;
    entry.lastScore = lab.score;
    entry.maxScore = lab.maxScore;
    entry.bestScore = Math.max(entry.bestScore, lab.score);
    entry.lastStatus = lab.status;
    entry.lastGradedAt = run.startedAt;
    if (lab.status === 'passed' && lab.integrity.status !== 'tampered') entry.passed = true;
  }
}
