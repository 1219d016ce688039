import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Never part of a copy of the course: installed packages, caches, build output, local state. */
const LOCAL_STATE = new Set([
  'node_modules',
  '.git',
  '.turbo',
  'dist',
  'coverage',
  '.cloudlab',
  '.aws-sam',
  '.out',
]);

/**
 * The files of the course, relative to its root (POSIX slashes): what git tracks when the course is a git
 * checkout (so untracked scratch files and other people's work in progress stay out), else every file
 * outside local state folders.
 */
export async function listCourseFiles(root: string): Promise<string[]> {
  if (existsSync(join(root, '.git'))) {
    const git = spawnSync('git', ['-C', root, 'ls-files', '-z', '--cached'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (git.status === 0) {
      return git.stdout
        .split('\0')
        .filter(Boolean)
        .filter((file) => existsSync(join(root, file)))
        .sort();
    }
  }
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!LOCAL_STATE.has(entry.name)) await walk(join(dir, entry.name));
      } else if (entry.isFile()) {
        files.push(relative(root, join(dir, entry.name)).split(sep).join('/'));
      }
    }
  };
  await walk(root);
  return files.sort();
}
