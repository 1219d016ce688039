export { assumeRole } from './assume-role.ts';
export { getCallerIdentity } from './get-caller-identity.ts';
export { getSessionToken } from './get-session-token.ts';
