// Course authoring without a test run (catalogue, starters, lint): light to import. The dev check engine,
// which grades, is `@cloudlab/course/dev-check`.
export {
  discoverLabs,
  exerciseTitles,
  type LabInfo,
  LabNotFoundError,
  resolveLab,
} from './catalog/lab-catalog.ts';
export { LAB_ENTRIES, lintCatalog, lintLab } from './lint/lab-lint.ts';
export { commentLeaderFor, StarterMarkerError, stubLine, toStarter } from './starter/starter-transform.ts';
export {
  diffTree,
  listFiles,
  planStarter,
  readSolution,
  type StarterPlan,
  transformTree,
  writeTree,
} from './starter/starter-tree.ts';
