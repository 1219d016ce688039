import type { LabInfo } from '../labs/discover-labs.ts';
import type { LabResult, RunResult } from '../model/run-result.ts';

/** A renderer of grading results. Every hook is optional; `onRunEnd` returns the report text, if any. */
export interface GradeReporter {
  onLabStart?(lab: LabInfo): void;
  onLabEnd?(lab: LabResult): void;
  onRunEnd?(run: RunResult): string | undefined;
}

export interface ReporterOptions {
  /** Terminal colours (default: off; the CLI turns them on for a TTY). */
  color?: boolean;
  /** How many hints the student has unlocked per lab id (terminal reporter shows the last of them). */
  hintsShown?: Record<string, number>;
  /** The terminal's width: titles are cut to fit it. Without one (a pipe, a CI log) titles are never cut. */
  columns?: number;
  /**
   * Set when the run graded only the checks a save touched (watch's quick verdict): the whole lab as that
   * leaves it (`withTouchedChecks`). The report then says the score is of the touched checks, gives the lab's,
   * and never says every check passes.
   */
  wholeLab?: LabResult;
}
