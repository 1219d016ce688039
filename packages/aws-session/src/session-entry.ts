/**
 * The narrow entry for a lab's own code (`@cloudlab/aws-session/session`): a session that builds clients
 * against the emulator, AWS or an endpoint, and the types it returns. Nothing else: the index also exports lab
 * resources, cleanup and preflight, whose declarations bring S3, SSM, IAM and CloudFormation, so a learner's
 * file importing the index made tsc and Vite load far more than the lab uses.
 */
export type { ClientConstructor, SessionClientConfig } from './client-config.ts';
export type { CredentialSource, CredentialSourceKind } from './credential-source.ts';
export type { ResolvedCredentials } from './credentials.ts';
export type { RegionSource } from './region.ts';
export { createSession, type Session, type SessionDescription, type SessionOptions } from './session.ts';
export { SessionError } from './session-error.ts';
export type { Target } from './target.ts';
export type { CallerIdentity } from './whoami.ts';
