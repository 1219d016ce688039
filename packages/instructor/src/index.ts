export type { Flag, RefusedEntry, Submission, SubmissionRecord } from './batch/batch-types.ts';
export type { BatchEmulator } from './batch/grade-submission.ts';
export { BatchInputError, type BatchOptions, type BatchSummary, runBatch } from './batch/run-batch.ts';
export {
  type ClassroomLab,
  classroomWorkflow,
  ExportError,
  exportClassroom,
} from './export/classroom-export.ts';
export { labMaxScores } from './export/course-rubric.ts';
export { exportGradescope, type GradescopeExport } from './export/gradescope-export.ts';
export { ReleaseError, type ReleaseSummary, releaseCourse } from './release/release-course.ts';
export { renderClassReport } from './report/report-html.ts';
export { SubmissionsInputError } from './submissions/find-submissions.ts';
export { DEFAULT_LIMITS, type SubmissionLimits } from './submissions/limits.ts';
