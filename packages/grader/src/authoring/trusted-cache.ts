import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A folder where a check may keep the result of an expensive, deterministic step (lab 05 runs the learner's
 * own test in a nested Vitest) for the next variant graded in the same process tree. Only `cloudlab dev check`
 * sets it, to a fresh folder of its own run that it removes at the end: every variant it grades is the
 * author's code. A learner's grade (`grade`, `batch`, a platform's autograder) never has it, so nothing a
 * learner's run writes is ever read back as a result.
 */
export const TRUSTED_CACHE_ENV = 'CLOUDLAB_TRUSTED_CACHE_DIR';

/**
 * `compute()`, or the value an earlier call with the same `name` and byte-identical `inputs` returned in this
 * dev check. `inputs` must be everything the result depends on (the files read, the step's own code). Without
 * the trusted cache folder (every learner's grade), always `compute()`. The value must survive JSON.
 */
export async function cachedByContent<T>(
  name: string,
  inputs: readonly (string | Uint8Array)[],
  compute: () => Promise<T>,
): Promise<T> {
  const dir = process.env[TRUSTED_CACHE_ENV];
  if (!dir) return compute();
  const hash = createHash('sha256').update(name);
  // Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ.
  for (const input of inputs) hash.update(`\0${Buffer.byteLength(input)}\0`).update(input);
  const file = join(dir, `${name.replace(/[^\w.-]/g, '_')}-${hash.digest('hex')}.json`);
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { value: T }).value;
  const value = await compute();
  mkdirSync(dir, { recursive: true });
  // Written whole, then renamed: a reader never sees half a file.
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  writeFileSync(partial, JSON.stringify({ value }));
  renameSync(partial, file);
  return value;
}
