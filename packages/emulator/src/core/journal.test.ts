import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from './journal.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudlab-journal-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Journal', () => {
  it('reads back every appended entry after reopening', async () => {
    const dir = tempDir();
    const journal = Journal.open<{ n: number }>(dir);
    await Promise.all(Array.from({ length: 50 }, (_, n) => journal.append({ n })));
    journal.close();
    expect(Journal.open<{ n: number }>(dir).entries.map((e) => e.n)).toEqual(
      Array.from({ length: 50 }, (_, n) => n),
    );
  });

  it('drops a torn last line left by a crash mid-append', async () => {
    const dir = tempDir();
    const journal = Journal.open<{ n: number }>(dir);
    await journal.append({ n: 1 });
    journal.close();
    appendFileSync(join(dir, 'journal.jsonl'), '{"n": 2, "trunc');
    expect(Journal.open<{ n: number }>(dir).entries).toEqual([{ n: 1 }]);
  });

  it('compacts on open and rewrites the file with the compacted entries only', async () => {
    const dir = tempDir();
    const journal = Journal.open<{ key: string; value: number }>(dir);
    for (let value = 0; value < 5; value++) await journal.append({ key: 'a', value });
    journal.close();
    const lastPerKey = (entries: { key: string; value: number }[]) => [
      ...new Map(entries.map((e) => [e.key, e])).values(),
    ];
    const reopened = Journal.open(dir, lastPerKey);
    expect(reopened.entries).toEqual([{ key: 'a', value: 4 }]);
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
