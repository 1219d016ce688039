import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';

export interface FolderWatch {
  close(): void;
}

export interface FolderWatchHandlers {
  /** Called once per burst of saves (editors write a file in several steps), with the changed files. */
  onChange(files: string[]): void;
  /** A watched folder was deleted or moved away. */
  onGone(dir: string): void;
}

const SETTLE_MS = 40;

/** Watches folders recursively (Node's fs.watch), debouncing bursts of events into one change. */
export function watchFolders(dirs: readonly string[], handlers: FolderWatchHandlers): FolderWatch {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  let closed = false;
  const close = () => {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
  const flush = () => {
    const gone = dirs.find((dir) => !existsSync(dir));
    if (gone) {
      close();
      handlers.onGone(gone);
      return;
    }
    const files = [...pending];
    pending = new Set();
    if (files.length > 0) handlers.onChange(files);
  };
  for (const dir of dirs) {
    const watcher = watch(dir, { recursive: true }, (_event, file) => {
      if (closed) return;
      pending.add(file ? join(dir, file.toString()) : dir);
      clearTimeout(timer);
      timer = setTimeout(flush, SETTLE_MS);
    });
    // A deleted folder ends its watcher with an error on some platforms: treat it as gone.
    watcher.on('error', () => {
      if (!closed) setTimeout(flush, SETTLE_MS);
    });
    watchers.push(watcher);
  }
  return { close };
}
