import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type TscDiagnostic, typecheckFolders } from './tsc-diagnostics.ts';
import { WATCHDOG_DIR_ENV } from './watchdog.ts';
import { writeAtomically } from './write-atomically.ts';

/**
 * The lab's tsc, started by the grading process when a run begins, beside Vitest's start and the emulator's,
 * so the typecheck check in the worker only awaits its answer. The run's folder (the watchdog's) holds a
 * manifest naming the run and, per code folder, the file its diagnostics will be written to; a check whose
 * folder the manifest does not name runs tsc itself, as it does in a plain `vitest run`.
 */
export const TYPECHECK_AHEAD_FILE = 'typecheck-ahead.json';

/** A lab whose code folder is typechecked ahead. */
export interface TypecheckTarget {
  labDir: string;
  codeDir: string;
}

interface AheadManifest {
  runId: string;
  /** aheadKey → the file the diagnostics (or the error) arrive in. */
  results: Record<string, string>;
}

type AheadResult = { diagnostics: TscDiagnostic[] } | { error: string };

export function aheadKey(labDir: string, codeDir: string): string {
  return createHash('sha256').update(`${labDir}\0${codeDir}`).digest('hex').slice(0, 16);
}

/** One run's typechecks, started ahead; `done` settles when every tsc has ended (never rejects). */
export interface TypecheckAhead {
  runId: string;
  done: Promise<void>;
}

/**
 * Writes the run's manifest, then typechecks the targets in one tsc (one build for several labs: see
 * typecheckFolders) after `after` (an earlier run's tsc: one compiler at a time).
 */
export async function startTypecheckAhead(
  runDir: string,
  targets: readonly TypecheckTarget[],
  after: Promise<void> = Promise.resolve(),
): Promise<TypecheckAhead> {
  const runId = randomUUID();
  const files = targets.map((target) => ({
    target,
    key: aheadKey(target.labDir, target.codeDir),
    file: join(runDir, `typecheck-${runId}-${aheadKey(target.labDir, target.codeDir)}.json`),
  }));
  const manifest: AheadManifest = {
    runId,
    results: Object.fromEntries(files.map(({ key, file }) => [key, file])),
  };
  await writeAtomically(join(runDir, TYPECHECK_AHEAD_FILE), JSON.stringify(manifest));
  const done = (async () => {
    await after;
    let results: AheadResult[];
    try {
      const found = await typecheckFolders(targets.map(({ labDir, codeDir }) => ({ labDir, codeDir })));
      results = found.map((diagnostics) => ({ diagnostics }));
    } catch (error) {
      results = files.map(() => ({ error: error instanceof Error ? error.message : String(error) }));
    }
    for (const [at, { file }] of files.entries())
      await writeAtomically(file, JSON.stringify(results[at])).catch(() => undefined);
  })();
  return { runId, done };
}

/** The run no longer has typechecks ahead: its checks run tsc themselves. */
export async function clearTypecheckAhead(runDir: string): Promise<void> {
  await rm(join(runDir, TYPECHECK_AHEAD_FILE), { force: true });
}

/**
 * In the worker: the diagnostics the grading process found for this folder in this run, awaited; undefined
 * when this run typechecks no folder of this lab ahead (the caller runs tsc itself).
 */
export async function diagnosticsAhead(
  labDir: string,
  codeDir: string,
  timeoutMs: number,
): Promise<TscDiagnostic[] | undefined> {
  const runDir = process.env[WATCHDOG_DIR_ENV];
  if (!runDir) return undefined;
  let manifest: AheadManifest;
  try {
    manifest = JSON.parse(readFileSync(join(runDir, TYPECHECK_AHEAD_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const file = manifest.results[aheadKey(labDir, codeDir)];
  if (!file) return undefined;
  const deadline = performance.now() + timeoutMs;
  while (!existsSync(file)) {
    if (performance.now() > deadline) throw new Error(`tsc gave no answer within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
  const result = JSON.parse(await readFile(file, 'utf8')) as AheadResult;
  if ('error' in result) throw new Error(result.error);
  return result.diagnostics;
}
