export { CheckDefinitionError, check } from './authoring/check.ts';
export type { CheckMeta, CheckOptions } from './authoring/check-meta.ts';
export { defineLab, LabDefinitionError, validateLabDefinition } from './authoring/define-lab.ts';
export type { ExerciseDefinition, LabAwsRequirements, LabDefinition } from './authoring/lab-definition.ts';
export { cachedByContent, TRUSTED_CACHE_ENV } from './authoring/trusted-cache.ts';
export { typecheckCheck } from './authoring/typecheck-check.ts';
