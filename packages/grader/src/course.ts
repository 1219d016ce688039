// Everything about a course that does not start Vitest (labs, results, progress, reporters): light to import,
// so `cloudlab list` and `cloudlab status` start fast. The runner lives in ./node.ts.
export {
  hashTestFiles,
  MANIFEST_FILE,
  verifyTestManifest,
  writeTestManifest,
} from './integrity/test-manifest.ts';
export { discoverLabs, type LabInfo, LabNotFoundError, resolveLab } from './labs/discover-labs.ts';
export * from './model/run-result.ts';
export { freshLastResult, saveLastResults } from './progress/last-result.ts';
export * from './progress/progress-store.ts';
export type { Classroom50Test } from './reporters/classroom50-reporter.ts';
export type { GradeReporter, ReporterOptions } from './reporters/grade-reporter.ts';
export type { GradescopeResults, GradescopeTest } from './reporters/gradescope-reporter.ts';
export { createReporter, isReporterName, type ReporterName, reporters } from './reporters/index.ts';
export type { PrairieLearnResults, PrairieLearnTest } from './reporters/prairielearn-reporter.ts';
export { nextFailingCheck, progressBar } from './reporters/terminal-reporter.ts';
export { type Classification, classifyError, type FailureClassifier } from './runner/failure-classifier.ts';
export { type ReconcileOptions, reconcileWithInventory } from './runner/reconcile-inventory.ts';
export { toRunResult } from './runner/run-result-builder.ts';
export { withTouchedChecks } from './runner/touched-checks.ts';
export type { InventoryCheck, LabInventory } from './runner/trusted-inventory.ts';
