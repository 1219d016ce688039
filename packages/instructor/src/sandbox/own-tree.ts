import { lchown as fsLchown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Installed packages: links into the workspace's pnpm store, whose files are hard links shared by every install. */
const NEVER_ENTERED = new Set(['node_modules']);

export interface OwnTreeOptions {
  /** The chown to use (tests count the calls); default fs.lchown, which never follows a final symlink. */
  lchown?: (path: string, uid: number, gid: number) => Promise<void>;
}

/**
 * Gives `root` and what lies under it to `uid`:`gid`, as the batch hands a staged submission to a sandbox's
 * user. Symlinks are neither followed nor changed (a staged lab's `node_modules` is a link to the course's
 * packages; Node's recursive readdir walks into links), `node_modules` folders are not entered, and files
 * with more than one hard link are left alone (a hard link into the pnpm store would change the store's file).
 * Children are handed over before their folder: while a folder is still root's, the sandbox's user cannot swap
 * an entry of it for a link during the walk. Returns how many chown calls were made.
 */
export async function ownTree(
  root: string,
  uid: number,
  gid: number,
  options: OwnTreeOptions = {},
): Promise<number> {
  const chown = options.lchown ?? fsLchown;
  let calls = 0;
  const visit = async (path: string): Promise<void> => {
    const stat = await lstat(path).catch(() => undefined);
    if (!stat || stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      for (const entry of await readdir(path, { withFileTypes: true })) {
        if (entry.isSymbolicLink() || (entry.isDirectory() && NEVER_ENTERED.has(entry.name))) continue;
        await visit(join(path, entry.name));
      }
    } else if (!stat.isFile() || stat.nlink > 1) {
      return;
    }
    if (stat.uid === uid && stat.gid === gid) return;
    calls++;
    await chown(path, uid, gid);
  };
  await visit(root);
  return calls;
}
