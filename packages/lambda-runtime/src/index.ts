export { type HttpApiAnswer, httpApiAnswer, httpApiMessage } from './http-api-answer.ts';
export {
  createRuntimePool,
  type InvokeRequest,
  type InvokeResult,
  invokeInProcess,
  type RuntimePool,
} from './invoke-process.ts';
