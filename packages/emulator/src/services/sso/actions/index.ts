export { getRoleCredentials } from './get-role-credentials.ts';
export { logout } from './logout.ts';
export { startSession } from './start-session.ts';
