import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { LabInfo } from '@cloudlab/grader/course';
import { CliError } from '../errors.ts';

/** Copies the student's starter/ to .cloudlab/backups/<lab>-<time>/ and returns that folder (undefined: nothing to keep). */
export async function backupStarter(root: string, lab: LabInfo): Promise<string | undefined> {
  const starter = join(lab.dir, 'starter');
  if (!existsSync(starter)) return undefined;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = join(root, '.cloudlab', 'backups', `${lab.folder}-${stamp}`);
  await mkdir(backup, { recursive: true });
  await cp(starter, backup, { recursive: true });
  return backup;
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/**
 * Restores a fresh starter/: generated from solution/ by the course's own `scripts/make-starters.mjs` when the
 * course has it (one source of truth), else the starter/ committed at git HEAD. Returns how it was restored.
 */
export function restoreStarter(root: string, lab: LabInfo): string {
  const generator = join(root, 'scripts', 'make-starters.mjs');
  if (existsSync(generator) && existsSync(join(lab.dir, 'solution'))) {
    const run = spawnSync(process.execPath, [generator, '--lab', lab.id], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status === 0) return 'generated from solution/ by scripts/make-starters.mjs';
    throw new CliError(`scripts/make-starters.mjs failed: ${lastLine(run.stderr || run.stdout)}`);
  }
  const path = relative(root, join(lab.dir, 'starter'));
  const git = spawnSync('git', ['-C', root, 'checkout', 'HEAD', '--', path], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (git.status === 0) return "restored from git HEAD's starter/";
  throw new CliError(
    `cannot restore ${path}: no scripts/make-starters.mjs and git says: ${lastLine(git.stderr)}`,
  );
}
