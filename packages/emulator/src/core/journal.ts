import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  write as writeAsync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const writeP = promisify(writeAsync);
const fdatasyncP = promisify(fdatasync);

/**
 * An append-only JSON-lines journal in one folder: every entry is on disk (fdatasync) before
 * `append` resolves, so a service acknowledges a write only once a `kill -9` can no longer lose it.
 * Appends that arrive while a flush is in progress are written together (group commit), which keeps
 * the cost of fsync per request low under concurrency.
 *
 * On open, the entries are read back (a torn last line from a crash was never acknowledged and is
 * dropped), then rewritten through `compact` into a fresh file that atomically replaces the old one.
 */
export class Journal<E> {
  private pending: { line: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  private flushing = false;
  private fd: number;

  private constructor(
    private readonly file: string,
    /** The entries that were on disk when the journal was opened, after compaction. */
    readonly entries: E[],
  ) {
    this.fd = openSync(file, 'a');
  }

  static open<E>(dir: string, compact: (entries: E[]) => E[] = (entries) => entries): Journal<E> {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'journal.jsonl');
    const entries = compact(readEntries<E>(file));
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, 'w');
    writeSync(fd, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, file);
    syncDir(dir);
    return new Journal<E>(file, entries);
  }

  append(entry: E): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  close(): void {
    closeSync(this.fd);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await writeP(this.fd, batch.map((item) => item.line).join(''));
        await fdatasyncP(this.fd);
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error as Error);
      }
    }
    this.flushing = false;
  }

  /** For tests and tools: where the journal lives. */
  get path(): string {
    return this.file;
  }
}

function readEntries<E>(file: string): E[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: E[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as E);
    } catch {
      // Only the last line can be torn (a crash mid-append); it was never acknowledged.
    }
  }
  return entries;
}

/** Makes a rename durable: fsync the directory entry (a no-op where the platform refuses it). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
  }
}
