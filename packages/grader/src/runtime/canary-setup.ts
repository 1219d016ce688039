import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'vitest';
import { CANARY_FILE, WATCHDOG_DIR_ENV } from './watchdog.ts';

/**
 * Setup file of every lab: when the grader names a canary for this run (a random title, see lab-session.ts),
 * each test file gets one more check that always fails. It is in no inventory, so it never scores; if it
 * comes back passed, the run's verdicts were forged (see reconcile-inventory.ts).
 * The title is read from the session's run folder, not the environment: a kept worker keeps the environment
 * of its first run in Vitest's config (import.meta.env), so a per-run variable would go stale.
 */
const title = readTitle();

function readTitle(): string | undefined {
  const dir = process.env[WATCHDOG_DIR_ENV];
  try {
    return dir ? readFileSync(join(dir, CANARY_FILE), 'utf8').trim() || undefined : undefined;
  } catch {
    return undefined;
  }
}
if (title) {
  test(title, () => {
    throw new Error('this check fails in every honest run');
  });
}
