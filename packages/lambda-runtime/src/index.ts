export {
  createRuntimePool,
  type InvokeRequest,
  type InvokeResult,
  invokeInProcess,
  type RuntimePool,
} from './invoke-process.ts';
