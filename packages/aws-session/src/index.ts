export { type PrincipalInfo, type PrincipalType, parsePrincipalArn } from './arn.ts';
export {
  AWS_EMULATOR_DEFAULT_PORT,
  type AwsEmulatorRun,
  pointAtAwsEmulator,
  readAwsEmulatorRun,
} from './aws-emulator.ts';
export { type CaBundle, chooseCaBundle } from './ca-bundle.ts';
export * from './cleanup.ts';
export type { ClientConstructor, SessionClientConfig } from './client-config.ts';
export { USER_AGENT } from './client-config.ts';
export {
  CLOUD9_MANAGED_CREDENTIALS_ADVICE,
  type Cloud9Detection,
  detectCloud9,
} from './cloud9.ts';
export type { CredentialSource, CredentialSourceKind } from './credential-source.ts';
export type { ResolvedCredentials } from './credentials.ts';
export {
  type EmulatorHandle,
  startEmbeddedEmulator,
  stopAllEmbeddedEmulators,
  stopEmbeddedEmulator,
} from './embedded-emulator.ts';
export { seedEmulatorObjects } from './emulator-seed.ts';
export { type SsoSignedIn, type SsoSignIn, signInToEmulatorSso } from './emulator-sso.ts';
export { type EmulatorSsoLogin, emulatorSsoLogin } from './emulator-sso-login.ts';
export { type EmulatorCaller, setEmulatorThrottle, throttledCredentials } from './emulator-throttle.ts';
export * from './lab-resources.ts';
export * from './preflight.ts';
export { redactAccessKey } from './redact.ts';
export { LOCAL_DEFAULT_REGION, type RegionSource } from './region.ts';
export { createSession, type Session, type SessionDescription, type SessionOptions } from './session.ts';
export { SessionError } from './session-error.ts';
export { isTarget, TARGETS, type Target, validateEndpoint } from './target.ts';
export type { CallerIdentity } from './whoami.ts';
