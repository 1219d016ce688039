import { randomBytes } from 'node:crypto';

/** What one IAM Identity Center sign-in grants: a user, the roles assigned in one account, until when. */
export interface SsoSession {
  accountId: string;
  userName: string;
  /** Permission set names assigned to the user in `accountId` (the portal's `role_name`). */
  roleNames: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Access tokens → sign-ins, in memory only: a restarted emulator forgets them, as a portal session ends
 * and `aws sso login` has to run again.
 */
export class SsoSessions {
  private readonly sessions = new Map<string, SsoSession>();

  constructor(private readonly now: () => number) {}

  /** A new opaque access token, the way the OIDC CreateToken call hands one to `aws sso login`. */
  start(session: SsoSession): string {
    const accessToken = `aoa${randomBytes(48).toString('base64url')}`;
    this.sessions.set(accessToken, session);
    return accessToken;
  }

  /** The sign-in behind a token that is known and not expired; undefined for any other token. */
  find(accessToken: string): SsoSession | undefined {
    const session = this.sessions.get(accessToken);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(accessToken);
      return undefined;
    }
    return session;
  }

  end(accessToken: string): void {
    this.sessions.delete(accessToken);
  }

  deleteAccount(accountId: string): void {
    for (const [token, session] of this.sessions) {
      if (session.accountId === accountId) this.sessions.delete(token);
    }
  }
}
