// The dev check engine: grades labs (loads Vitest). The light authoring API is the package's main entry.

export { DevCheckError, type DevCheckOptions, devCheck } from './dev-check/dev-check.ts';
export type {
  DevCheckReport,
  LabCheck,
  MisconceptionVerdict,
  Score,
  TodoVerdict,
} from './dev-check/dev-check-report.ts';
export {
  type BrokenMisconception,
  loadMisconceptions,
  type Misconception,
  type MisconceptionEdit,
} from './misconceptions/misconception-entry.ts';
export { applyMisconception } from './misconceptions/misconception-variant.ts';
