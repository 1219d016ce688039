import type { RunResult } from '@cloudlab/grader/course';
import { ExitCode } from '../exit-codes.ts';

/** 0 all checks pass; 2 the run is incomplete (environment, harness, missing folders); 1 otherwise. */
export function exitCodeOf(run: RunResult): ExitCode {
  if (run.incomplete) return ExitCode.usageOrEnvironment;
  if (run.tampered) return ExitCode.checksFailed;
  return run.labs.every((lab) => lab.status === 'passed') ? ExitCode.ok : ExitCode.checksFailed;
}
