import { type LabResult, type RunResult, SCHEMA_VERSION } from '../model/run-result.ts';

/** The whole run from its labs: totals, and whether anything kept it from being complete or trusted. */
export function toRunResult(labs: LabResult[], variant: RunResult['variant'], startedAt: Date): RunResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    variant,
    labs,
    score: labs.reduce((sum, lab) => sum + lab.score, 0),
    maxScore: labs.reduce((sum, lab) => sum + lab.maxScore, 0),
    incomplete: labs.some((lab) => lab.status === 'incomplete' || lab.status === 'error'),
    tampered: labs.some((lab) => lab.integrity.status === 'tampered'),
    ...(labs.some((lab) => lab.forged) ? { forged: true } : {}),
  };
}
