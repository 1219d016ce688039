import { describe, expect, it } from 'vitest';
import { CredentialStore } from './credential-store.ts';

describe('CredentialStore.principalOf', () => {
  it('gives each key its own access key id, also for keys issued to the same principal', async () => {
    const store = new CredentialStore(() => Date.now());
    const account = await store.createAccount();
    const longTerm = store.lookup(account.accessKeyId)!;
    const role = {
      accountId: account.accountId,
      arn: 'arn:aws:sts::1:assumed-role/r/s',
      userId: 'AROA1',
      type: 'assumed-role' as const,
    };
    const first = store.lookup(store.issue(role, 900).accessKeyId)!;
    const second = store.lookup(store.issue(role, 900).accessKeyId)!;

    expect(store.principalOf(longTerm)).toMatchObject({
      accountId: account.accountId,
      accessKeyId: account.accessKeyId,
    });
    expect(store.principalOf(first).accessKeyId).toBe(first.accessKeyId);
    expect(store.principalOf(second).accessKeyId).toBe(second.accessKeyId);
    expect(store.principalOf(first).arn).toBe(role.arn);
  });

  it('hands every request of a key the same principal object', async () => {
    const store = new CredentialStore(() => Date.now());
    const record = store.lookup((await store.createAccount()).accessKeyId)!;
    expect(store.principalOf(record)).toBe(store.principalOf(record));
  });
});
