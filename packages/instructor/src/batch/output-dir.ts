import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

export class OutsideOutputError extends Error {
  readonly code = 'OutsideOutput';
}

/**
 * The batch's only way to name a file it writes: every path is resolved inside the output folder and
 * refused otherwise, whatever a learner id or a zip entry says.
 */
export class OutputDir {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  path(...parts: string[]): string {
    const path = resolve(this.root, ...parts);
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
      throw new OutsideOutputError(`${parts.join('/')} is not inside the output folder ${this.root}`);
    return path;
  }

  /** Writes through a temporary file and a rename, so a crash never leaves half a results file. */
  async write(parts: string[], content: string): Promise<string> {
    const path = this.path(...parts);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, path);
    return path;
  }
}
