import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What a sandbox user, who owns nothing in the course, cannot read: to be shown to it as empty. */
export interface UnreadablePaths {
  dirs: string[];
  files: string[];
}

// Never walked: installed packages (read through their links, not scanned by any check) and git's store.
const NOT_WALKED = new Set(['node_modules', '.git']);

/**
 * The folders and files under `roots` that "others" may not read (a folder: list and enter), skipping `skip`.
 * Why: lab 01 runs the learner's key scanner over the whole course. A folder of mode 0700 anywhere in it
 * (an instructor's private notes, a tool's temporary folder) made the reference scanner throw EACCES as the
 * sandbox's uid, so every learner lost those points for the grader's machine. Shown as empty, it reads as
 * it does to an owner who finds nothing there, and its contents stay as hidden as before.
 */
export function unreadablePaths(roots: readonly string[], skip: ReadonlySet<string>): UnreadablePaths {
  const found: UnreadablePaths = { dirs: [], files: [] };
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // gone since it was listed: nothing to show
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (NOT_WALKED.has(entry.name) || skip.has(path) || entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!othersMay(path, 0o005)) found.dirs.push(path);
        else walk(path);
      } else if (entry.isFile() && !othersMay(path, 0o004)) found.files.push(path);
    }
  };
  for (const root of roots) walk(root);
  return found;
}

function othersMay(path: string, bits: number): boolean {
  try {
    return (lstatSync(path).mode & bits) === bits;
  } catch {
    return true; // gone: nothing to hide
  }
}
