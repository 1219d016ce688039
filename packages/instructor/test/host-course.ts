/**
 * What a course host's image would hold after its install step, without the network: an unpacked copy of
 * the course whose node_modules folders are links to this repository's installed ones.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../../..');

/**
 * Links every node_modules folder of the repository into the copy at `course` (what `pnpm install` makes).
 * A lab's node_modules is a folder of links, not a link: the host scripts create Vite's cache folders in
 * it, which must not land in this repository's own node_modules.
 */
export async function linkInstalledPackages(course: string): Promise<void> {
  const folders = [
    '.',
    'bench',
    ...(await readdir(join(repo, 'packages'))).map((p) => `packages/${p}`),
    ...(await readdir(join(repo, 'labs'))).map((l) => `labs/${l}`),
  ];
  for (const folder of folders) {
    const from = join(repo, folder, 'node_modules');
    if (!existsSync(from) || !existsSync(join(course, folder))) continue;
    const to = join(course, folder, 'node_modules');
    if (!folder.startsWith('labs/')) {
      await symlink(from, to, 'dir');
      continue;
    }
    await mkdir(to);
    for (const entry of await readdir(from)) {
      if (!entry.startsWith('.vite')) await symlink(join(from, entry), join(to, entry));
    }
  }
}
