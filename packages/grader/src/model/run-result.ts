/**
 * The one versioned result model of a grading run. Every reporter renders it; `cloudlab` stores it.
 * Bump SCHEMA_VERSION on any change a consumer could notice.
 */
export const SCHEMA_VERSION = 1;

/** passed; failed (see classification); skipped (the check was not run, e.g. quarantined after it hung). */
export type CheckStatus = 'passed' | 'failed' | 'skipped';

/**
 * Whose fault a failure is. Only `wrong-answer` costs points: an `environment` failure (no credentials,
 * endpoint down, throttled, target timed out) or a `harness` failure (a bug in the lab's tests or the grader)
 * makes the run `incomplete` instead.
 */
export type FailureClass = 'wrong-answer' | 'environment' | 'harness';

export interface SourceLocation {
  /** Relative to the lab folder, e.g. `starter/whoami.ts`. */
  file: string;
  line: number;
  column?: number;
}

export interface CheckResult {
  /** Stable id: `<test file relative to the lab>::<full test name>`. */
  id: string;
  title: string;
  file: string;
  exercise?: number;
  concept?: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  classification?: FailureClass;
  /** One line saying what went wrong (failed checks only). */
  message?: string;
  /** All progressive hints; reporters show the first unless told otherwise. */
  hints: string[];
  /** Where in the student's code the failure happened, when the stack says. */
  location?: SourceLocation;
  durationMs: number;
  /** Captured console output of the check, capped. */
  output?: string;
}

export type IntegrityStatus = 'verified' | 'unverified' | 'tampered';

export interface IntegrityReport {
  status: IntegrityStatus;
  /** Test files whose content differs from the manifest, or that the manifest does not list, or that are missing. */
  changed: string[];
  added: string[];
  missing: string[];
}

export type LabStatus = 'passed' | 'failed' | 'incomplete' | 'error';

export interface LabResult {
  id: string;
  slug: string;
  title: string;
  /** The folder the `@lab` alias pointed at (relative to the lab when inside it). */
  codeDir: string;
  status: LabStatus;
  score: number;
  maxScore: number;
  checks: CheckResult[];
  integrity: IntegrityReport;
  /** Problems outside any one check (a lab with no tests, a missing folder …), each a sentence with the next step. */
  errors: string[];
  durationMs: number;
  /**
   * Why the run's report for this lab could not be believed as it came (a check the course does not have,
   * other points, the canary passed): those verdicts were dropped. Absent when nothing was forged.
   */
  forged?: string[];
}

export interface RunResult {
  schemaVersion: typeof SCHEMA_VERSION;
  startedAt: string;
  durationMs: number;
  /** starter, solution or dir (a submission folder). */
  variant: 'starter' | 'solution' | 'dir';
  labs: LabResult[];
  score: number;
  maxScore: number;
  /** True when an environment or harness failure kept some check from giving a verdict. */
  incomplete: boolean;
  /** True when any lab's test files differ from their manifest. */
  tampered: boolean;
  /** True when any lab's report carried forged verdicts (see LabResult.forged). */
  forged?: boolean;
}
