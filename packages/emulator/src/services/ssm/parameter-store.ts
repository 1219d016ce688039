import type { Journal } from '../../core/journal.ts';
import { storeKey } from './names.ts';
import type { StoredPolicy } from './parameter-policies.ts';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type ParameterTier = 'Standard' | 'Advanced';

/** One version of a parameter, as stored. SecureString values hold ciphertext only. */
export interface ParameterVersion {
  version: number;
  type: ParameterType;
  value: string;
  keyId?: string;
  description?: string;
  allowedPattern?: string;
  dataType: string;
  tier: ParameterTier;
  /** Epoch milliseconds. */
  lastModified: number;
  lastModifiedUser: string;
  labels: string[];
  /** Parameter policies (advanced tier only); absent when there are none. */
  policies?: StoredPolicy[];
}

export interface ParameterRecord {
  name: string;
  versions: ParameterVersion[];
  tags: Record<string, string>;
}

/** Journal entries: every change to the store is one of these, applied the same way live and on replay. */
export type SsmEvent =
  | { t: 'put'; scope: string; name: string; version: ParameterVersion; tags?: Record<string, string> }
  | { t: 'delete'; scope: string; name: string }
  | { t: 'labels'; scope: string; name: string; labels: Record<number, string[]> }
  | { t: 'tags'; scope: string; name: string; tags: Record<string, string> }
  | { t: 'snapshot'; scope: string; record: ParameterRecord };

export const VERSION_LIMIT = 100;

/**
 * Parameters per account and region ("scope"). Reads are synchronous; each change is applied in
 * memory and then made durable through the journal before the operation answers.
 */
export class ParameterStore {
  private readonly scopes = new Map<string, Map<string, ParameterRecord>>();

  constructor(private readonly journal?: Journal<SsmEvent>) {
    for (const event of journal?.entries ?? []) this.apply(event);
  }

  /** Replays a journal into its smallest equivalent: one snapshot per live parameter. */
  static compact(events: SsmEvent[]): SsmEvent[] {
    const store = new ParameterStore();
    for (const event of events) store.apply(event);
    const snapshots: SsmEvent[] = [];
    for (const [scope, records] of store.scopes) {
      for (const record of records.values()) snapshots.push({ t: 'snapshot', scope, record });
    }
    return snapshots;
  }

  static scopeOf(accountId: string, region: string): string {
    return `${accountId}/${region}`;
  }

  get(scope: string, name: string): ParameterRecord | undefined {
    return this.scopes.get(scope)?.get(storeKey(name));
  }

  /** Every parameter of a scope, sorted by name for stable paging. */
  list(scope: string): ParameterRecord[] {
    return [...(this.scopes.get(scope)?.values() ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  /** Forgets the parameters of one account in every region. In memory only: no journal event for it. */
  deleteAccount(accountId: string): void {
    if (this.journal) throw new Error('deleting an account is not supported with a data dir');
    for (const scope of this.scopes.keys()) {
      if (scope.startsWith(`${accountId}/`)) this.scopes.delete(scope);
    }
  }

  async commit(event: SsmEvent): Promise<void> {
    this.apply(event);
    await this.journal?.append(event);
  }

  private apply(event: SsmEvent): void {
    let records = this.scopes.get(event.scope);
    if (!records) {
      records = new Map();
      this.scopes.set(event.scope, records);
    }
    switch (event.t) {
      case 'snapshot':
        records.set(storeKey(event.record.name), event.record);
        return;
      case 'put': {
        const key = storeKey(event.name);
        const record = records.get(key) ?? { name: event.name, versions: [], tags: {} };
        record.versions.push(event.version);
        if (record.versions.length > VERSION_LIMIT) record.versions.shift();
        if (event.tags) Object.assign(record.tags, event.tags);
        records.set(key, record);
        return;
      }
      case 'delete':
        records.delete(storeKey(event.name));
        return;
      case 'labels': {
        const record = records.get(storeKey(event.name));
        if (!record) return;
        for (const version of record.versions) version.labels = event.labels[version.version] ?? [];
        return;
      }
      case 'tags': {
        const record = records.get(storeKey(event.name));
        if (record) record.tags = event.tags;
        return;
      }
    }
  }
}
