import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `sam build --cached` within one process: the last bundle of each function, reused while the build options are
 * the same and every file esbuild read for it (its metafile inputs) still has the same content. A grading run
 * bundles the same code twice (local invoke, then deploy) and a warm re-grade a third time; each bundle of the
 * AWS SDK costs a second or more. Hand-written because esbuild's own incremental mode (context + rebuild) needs
 * a fixed outdir and a live context that keeps the process from exiting until disposed.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-build.html
 */
export interface CachedBuild {
  /** Everything besides the input files that decides the bundle: options, esbuild version, paths. */
  key: string;
  /** Absolute input path → SHA-256 of its content when it was bundled. */
  inputs: Map<string, string>;
  /** Output files relative to the function's build folder. */
  outputs: Array<{ path: string; contents: Uint8Array }>;
  zip: Uint8Array;
  sha256: string;
}

// On globalThis, not in module scope: a kept test worker may evaluate this module again on a re-run, and the
// cache has to outlive that.
const STORE = Symbol.for('@cloudlab/sam/build-cache');
const shared = globalThis as { [STORE]?: Map<string, CachedBuild> };
shared[STORE] ??= new Map();
const store = shared[STORE];

// A few functions' bundles (lab 05's: 0.8 MB with its zip; a few MB with source maps): enough for a lab,
// bounded for a batch that grades many submissions in one process.
const MAX_ENTRIES = 4;

// Kernel file times come from a coarse clock and may trail Date.now() by a tick.
const CLOCK_SLACK_MS = 20;

const sha256Of = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function contentHash(path: string): string | undefined {
  try {
    return sha256Of(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** Forgets every cached build: the next build of each function runs esbuild (bench/sam.ts times that). */
export function clearBuildCache(): void {
  store.clear();
}

/** The cached build of `slot` if its key matches and no input changed (or vanished) since. */
export function cachedBuild(slot: string, key: string): CachedBuild | undefined {
  const entry = store.get(slot);
  if (!entry || entry.key !== key) return undefined;
  for (const [path, hash] of entry.inputs) if (contentHash(path) !== hash) return undefined;
  return entry;
}

/**
 * Keeps a build unless an input was written after the build started: esbuild may have read the old content,
 * and hashing the new one would tie a stale bundle to it.
 */
export function keepBuild(slot: string, startedAt: number, entry: CachedBuild): void {
  store.delete(slot);
  for (const path of entry.inputs.keys()) {
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined || mtime >= startedAt - CLOCK_SLACK_MS) return;
  }
  store.set(slot, entry);
  for (const oldest of store.keys()) {
    if (store.size <= MAX_ENTRIES) break;
    store.delete(oldest);
  }
}

/** Content hashes of the files esbuild read, resolved against its working folder. */
export function hashInputs(paths: string[]): Map<string, string> | undefined {
  const inputs = new Map<string, string>();
  for (const path of paths) {
    const hash = contentHash(path);
    if (!hash) return undefined;
    inputs.set(path, hash);
  }
  return inputs;
}

export function writeOutputs(dir: string, outputs: CachedBuild['outputs']): void {
  for (const { path, contents } of outputs) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
}
