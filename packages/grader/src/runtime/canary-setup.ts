import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCanary, defineTest, placeCanaries } from '../authoring/check.ts';
import { CANARY_FILE, WATCHDOG_DIR_ENV } from './watchdog.ts';

/**
 * Setup file of every lab: when the grader names canaries for this run (random check-like titles, see
 * lab-session.ts), each test file gets checks that always fail — the first ahead of the file's checks, the
 * others after checks picked at random (authoring/check.ts). They are in no inventory, so they never score;
 * if one comes back passed, the run's verdicts were forged (see reconcile-inventory.ts). Each fails through a
 * random assertion form (runtime/verdict-probes.ts): a patched `expect` makes it pass, a direct throw would not.
 * The titles are read from the session's run folder, not the environment: a kept worker keeps the environment
 * of its first run in Vitest's config (import.meta.env), so a per-run variable would go stale.
 */
const titles = readTitles();

function readTitles(): string[] {
  const dir = process.env[WATCHDOG_DIR_ENV];
  try {
    return dir ? readFileSync(join(dir, CANARY_FILE), 'utf8').split('\n').filter(Boolean) : [];
  } catch {
    return [];
  }
}
const [first, ...rest] = titles;
if (first) defineCanary(defineTest, first);
placeCanaries(rest);
