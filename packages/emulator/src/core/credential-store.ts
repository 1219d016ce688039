import * as ids from './ids.ts';
import type { Journal } from './journal.ts';
import type { IssuedCredentials, Principal } from './types.ts';

/** One access key the emulator knows: who it belongs to and, for temporary keys, until when. */
export interface KeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Epoch milliseconds; temporary credentials only. */
  expiresAt?: number;
  principal: Omit<Principal, 'accessKeyId'>;
}

export interface AccountCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Access keys → principals (and so → accounts). Long-term keys come from createAccount(); temporary
 * ones from STS or Lambda through issue(). With a journal, keys survive a restart, so the credentials a
 * learner exported keep working against the same account and its persisted resources.
 */
export class CredentialStore {
  private readonly keys = new Map<string, KeyRecord>();
  /**
   * Each key's principal with its access key id, made once per key, not spread anew for every request (the
   * spread, and the fresh object shape every ctx.principal read then met, cost up to ~9 % of a GetParameter's
   * CPU: bench/emulator.ts --compare, both orders). Shared between requests: nothing writes to a principal.
   */
  private readonly principals = new WeakMap<KeyRecord, Principal>();

  constructor(
    private readonly now: () => number,
    private readonly journal?: Journal<KeyRecord>,
  ) {
    for (const record of journal?.entries ?? []) this.keys.set(record.accessKeyId, record);
  }

  /** Drops expired temporary keys when the journal is compacted on start. */
  static compact(now: number): (records: KeyRecord[]) => KeyRecord[] {
    return (records) => records.filter((record) => record.expiresAt === undefined || record.expiresAt > now);
  }

  lookup(accessKeyId: string): KeyRecord | undefined {
    return this.keys.get(accessKeyId);
  }

  principalOf(record: KeyRecord): Principal {
    let principal = this.principals.get(record);
    if (!principal) {
      principal = { ...record.principal, accessKeyId: record.accessKeyId };
      this.principals.set(record, principal);
    }
    return principal;
  }

  /** The first long-term key ever created: reused by startEmulator when state is persisted. */
  firstAccount(): AccountCredentials | undefined {
    for (const record of this.keys.values()) {
      if (record.sessionToken === undefined) return toAccountCredentials(record);
    }
    return undefined;
  }

  async createAccount(): Promise<AccountCredentials> {
    const accountId = ids.accountId();
    const record: KeyRecord = {
      accessKeyId: ids.accessKeyId(),
      secretAccessKey: ids.secretAccessKey(),
      principal: {
        accountId,
        arn: `arn:aws:iam::${accountId}:user/cloudlab-learner`,
        userId: ids.uniqueId('AIDA'),
        type: 'user',
      },
    };
    await this.add(record);
    return toAccountCredentials(record);
  }

  /**
   * Forgets every key of the account, long-term and temporary, so they answer InvalidClientTokenId from now
   * on; returns the removed access key ids. In memory only: the journal has no record for a removed key.
   */
  deleteAccount(accountId: string): string[] {
    if (this.journal) throw new Error('deleting an account is not supported with a data dir');
    const removed: string[] = [];
    for (const [accessKeyId, record] of this.keys) {
      if (record.principal.accountId !== accountId) continue;
      this.keys.delete(accessKeyId);
      removed.push(accessKeyId);
    }
    return removed;
  }

  issue(principal: Omit<Principal, 'accessKeyId'>, ttlSeconds: number): IssuedCredentials {
    const record: KeyRecord = {
      accessKeyId: ids.accessKeyId(true),
      secretAccessKey: ids.secretAccessKey(),
      sessionToken: ids.sessionToken(),
      expiresAt: this.now() + ttlSeconds * 1000,
      principal,
    };
    // Temporary keys are journaled without waiting: losing one in a crash only means calling STS again.
    this.add(record).catch(() => {});
    return {
      accessKeyId: record.accessKeyId,
      secretAccessKey: record.secretAccessKey,
      sessionToken: record.sessionToken,
      expiration: new Date(record.expiresAt!),
    };
  }

  private async add(record: KeyRecord): Promise<void> {
    this.keys.set(record.accessKeyId, record);
    await this.journal?.append(record);
  }
}

const toAccountCredentials = (record: KeyRecord): AccountCredentials => ({
  accountId: record.principal.accountId,
  accessKeyId: record.accessKeyId,
  secretAccessKey: record.secretAccessKey,
});
