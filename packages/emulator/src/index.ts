export { AwsError } from './core/aws-error.ts';
export { Journal } from './core/journal.ts';
export { parseThrottle } from './core/throttle.ts';
export type * from './core/types.ts';
export { HEALTH_PATH } from './server.ts';
export * from './services/cloudformation/index.ts';
export * from './services/lambda/index.ts';
export { connectionJson, shellExports, statusLine } from './shell-exports.ts';
export { type EmulatorCredentials, type RunningEmulator, startEmulator } from './start-emulator.ts';
