import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * In the run folder (WATCHDOG_DIR_ENV): one line per verdict probe that did not fail as it must
 * (runtime/verdict-probes.ts). Any line voids every verdict of the run (reconcile-inventory.ts). Plain Node
 * only: the grader's process reads it, and must not import Vitest's worker side.
 */
export const PROBE_FAILURES_FILE = 'probe-failures.jsonl';

export interface ProbeFailure {
  /** The assertion form (`toBe`, `rejects`, …) or `stack` that did not fail. */
  form: string;
  /** Where it ran: before or after a check's body, during it, or as a canary. */
  point: string;
  /** The check it ran in. */
  fullName: string;
  file: string;
}

/** The probe failures of a run; a line that is not a record counts too (someone wrote to the file). */
export function readProbeFailures(dir: string | undefined): ProbeFailure[] {
  if (!dir) return [];
  let text: string;
  try {
    text = readFileSync(join(dir, PROBE_FAILURES_FILE), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        const { form, point, fullName, file } = JSON.parse(line) as ProbeFailure;
        return { form: String(form), point: String(point), fullName: String(fullName), file: String(file) };
      } catch {
        return { form: 'unreadable record', point: line.slice(0, 80), fullName: '', file: '' };
      }
    });
}

/** Why a run whose probes failed is not believed: a `forged` reason of the lab (see reconcile-inventory.ts). */
export function describeProbeFailure(failure: ProbeFailure): string {
  return `an assertion that must fail passed (${failure.form}, ${failure.point} "${failure.fullName}"): the run's verdicts were forged`;
}
