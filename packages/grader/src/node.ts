// The runner: grades labs on the Vitest Node API. Re-exports ./course.ts so one import serves a runner.

export { TRUSTED_CACHE_ENV } from './authoring/trusted-cache.ts';
export * from './course.ts';
export { type CourseEntry, canShareVitest } from './runner/course-config.ts';
export { CourseGrader } from './runner/course-grader.ts';
export { codeDirOf, type GradeOptions, gradeLab, gradeLabs, type Variant } from './runner/grade-labs.ts';
export { type GradingHooks, LabSession, type LabSessionOptions } from './runner/lab-session.ts';
export { learnerTestFiles, runLearnerTests } from './runner/learner-tests.ts';
export { scoreLab } from './runner/score-lab.ts';
export { withTransformService } from './runner/transform-service.ts';
export {
  collectTrustedInventory,
  InventoryError,
  type InventoryOptions,
  trustedInventories,
} from './runner/trusted-inventory.ts';
export { WarmLabGrader } from './runner/warm-lab-grader.ts';
