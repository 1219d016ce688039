/**
 * The light entry (`@cloudlab/aws-session/core`): what a program needs before it knows which command runs —
 * target names, the error class, stopping embedded emulators — without loading any SDK client.
 */
export { stopAllEmbeddedEmulators } from './embedded-emulator.ts';
export { SessionError } from './session-error.ts';
export { isTarget, TARGETS, type Target } from './target.ts';
