export { clearBuildCache } from './build-cache.ts';
export {
  type BuildOptions,
  type BuiltFunction,
  buildDirOf,
  buildFunctions,
  zipDirectory,
} from './build-functions.ts';
export { type ChangeSetReview, changeSetTable, type ResourceChangeRow } from './change-set.ts';
export { type DeleteOptions, deleteStack } from './delete-stack.ts';
export {
  type DeployOptions,
  type DeployResult,
  deployStack,
  describeEvent,
  type SamClients,
  waitForStack,
} from './deploy-stack.ts';
export { functionRolePolicies, type RoleScope } from './function-role.ts';
export { httpApiEvent } from './http-api-event.ts';
export { invokeFailure } from './invoke-failure.ts';
export {
  httpApiRoutes,
  type LocalApi,
  type LocalApiOptions,
  type LocalRoute,
  matchLocalRoute,
  startLocalApi,
} from './local-api.ts';
export {
  functionEnvironment,
  type LocalInvokeOptions,
  type LocalInvokeReport,
  localInvoke,
} from './local-invoke.ts';
export { roleCredentials, sessionPolicy } from './role-credentials.ts';
export { SamError } from './sam-error.ts';
export { samBucketName, samStackName } from './sam-names.ts';
export { type SamTarget, samTargetOf, seedParameters, startSamEmulator } from './sam-target.ts';
export { loadTemplate, serverlessFunctions } from './template-file.ts';
export { type Finding, type ValidationReport, validateTemplate } from './validate-template.ts';
