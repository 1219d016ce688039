/**
 * What a course host's image would hold after its install step, without the network: an unpacked copy of
 * the course whose node_modules folders are links to this repository's installed ones.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, stat, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../../..');

/**
 * Links every node_modules folder of the repository into the copy at `course` (what `pnpm install` makes).
 * A lab's node_modules is a folder of links, not a link: the host scripts create Vite's cache folders in
 * it, which must not land in this repository's own node_modules.
 */
export async function linkInstalledPackages(course: string): Promise<void> {
  await letOthersReach(repo);
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

/**
 * The host tests run the learner as `nobody`, who must reach the linked packages: a checkout inside a 0700
 * folder (mktemp's, as a clean CI clone is) gets the search bit on its parents, and only that. It is left in
 * place: the host test files run side by side, and one restoring the mode would cut off another mid-run.
 */
async function letOthersReach(path: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
  }
}
