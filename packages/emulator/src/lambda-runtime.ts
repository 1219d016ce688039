/**
 * `@cloudlab/emulator/lambda-runtime`: runs a Lambda handler in a Node child process (`sam local invoke`),
 * without loading the emulator's server and services.
 */
export { type InvokeRequest, type InvokeResult, invokeInProcess } from './services/lambda/invoke-process.ts';
