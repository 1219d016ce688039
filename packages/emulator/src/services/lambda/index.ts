export { httpApiUrl } from './http-api-route.ts';
export { type InvokeRequest, type InvokeResult, invokeInProcess } from './invoke-process.ts';
export { createLambdaService } from './lambda-service.ts';
