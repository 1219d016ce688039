/**
 * A throwaway copy of the course for a document's commands: the files git knows (tracked and untracked, not
 * ignored), with the installed packages linked rather than copied. The root `node_modules` (the pnpm store,
 * hundreds of MB) is one symlink; each workspace package's own `node_modules` holds only symlinks, copied as
 * they are, so `@cloudlab/*` links resolve inside the copy and the store links through the root symlink.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export function makeScratchCopy(course: string): string {
  const root = resolve(course);
  const scratch = mkdtempSync(join(tmpdir(), 'cloudlab-docs-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    // A file deleted in the working tree but not yet in the index is listed too.
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(root, file), join(scratch, file), { verbatimSymlinks: true });
  }
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  for (const modules of workspaceModules(root)) {
    cpSync(join(root, modules), join(scratch, modules), { recursive: true, verbatimSymlinks: true });
  }
  return scratch;
}

/** The `node_modules` folders of the workspace's packages (pnpm-workspace.yaml: packages/*, labs/*, bench). */
function workspaceModules(root: string): string[] {
  const inside = (folder: string) =>
    existsSync(join(root, folder)) ? readdirSync(join(root, folder)).map((name) => `${folder}/${name}`) : [];
  return [...inside('packages'), ...inside('labs'), 'bench']
    .map((folder) => `${folder}/node_modules`)
    .filter((modules) => existsSync(join(root, modules)));
}

/** A chapter's commands run as a learner's would once the lab is done: the learner's folder holds the solution. */
export function putSolutionInStarter(scratch: string, labFolder: string): void {
  const lab = join(scratch, 'labs', labFolder);
  rmSync(join(lab, 'starter'), { recursive: true, force: true });
  cpSync(join(lab, 'solution'), join(lab, 'starter'), { recursive: true });
}

export async function removeScratchCopy(scratch: string): Promise<void> {
  await rm(scratch, { recursive: true, force: true });
}
