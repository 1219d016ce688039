export type { Flag, RefusedEntry, Submission, SubmissionRecord } from './batch/batch-types.ts';
export type { BatchEmulator } from './batch/grade-submission.ts';
export {
  BatchInputError,
  type BatchOptions,
  type BatchSummary,
  batchAccountLimits,
  runBatch,
} from './batch/run-batch.ts';
export { type Classroom50Export, exportClassroom50 } from './export/classroom50-export.ts';
export { courseRubric, type LabRubric, type RubricCheck } from './export/course-rubric.ts';
export { ExportError } from './export/export-error.ts';
export { exportGradescope, type GradescopeExport, type GradescopeLab } from './export/gradescope-export.ts';
export { exportPrairieLearn, type PrairieLearnExport } from './export/prairielearn-export.ts';
export { ReleaseError, type ReleaseSummary, releaseCourse } from './release/release-course.ts';
export { renderClassReport } from './report/report-html.ts';
export { SandboxUnavailableError } from './sandbox/detect-sandbox.ts';
export { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox/sandbox-limits.ts';
export { SubmissionsInputError } from './submissions/find-submissions.ts';
export { DEFAULT_LIMITS, type SubmissionLimits } from './submissions/limits.ts';
