/**
 * The documents whose commands are tested, and the scratch copy each runs in. A chapter
 * (labs/NN-slug/README.md) runs as a learner who finished the lab: the learner's folder (starter/) holds the
 * solution, so what the chapter says "you will see" is the finished lab's output. Every other document
 * runs in the course as cloned.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type DocBlock, readDocBlocks } from './doc-blocks.ts';
import { DocSession } from './doc-session.ts';
import { makeScratchCopy, putSolutionInStarter, removeScratchCopy } from './scratch-copy.ts';

/** README.md, docs/*.md, each chapter and each package's README, relative to the course root. */
export function listCourseDocuments(root: string): string[] {
  const markdownIn = (folder: string) =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder))
          .filter((name) => name.endsWith('.md'))
          .sort()
          .map((name) => `${folder}/${name}`)
      : [];
  const readmes = (folder: string) =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder))
          .sort()
          .map((name) => `${folder}/${name}/README.md`)
          .filter((file) => existsSync(join(root, file)))
      : [];
  return ['README.md', ...markdownIn('docs'), ...readmes('labs'), ...readmes('packages')];
}

export function readDocument(root: string, file: string): DocBlock[] {
  return readDocBlocks(readFileSync(join(root, file), 'utf8'), file);
}

const CHAPTER = /^labs\/([^/]+)\/README\.md$/;

/** A scratch copy set up for `file`'s commands; `close()` stops what its blocks left running and removes it. */
export function openDocSession(root: string, file: string, timeoutMs = 180_000) {
  const scratch = makeScratchCopy(root);
  const chapter = CHAPTER.exec(file.split(sep).join('/'));
  if (chapter?.[1]) putSolutionInStarter(scratch, chapter[1]);
  const session = new DocSession(scratch, relative(root, join(root, file)), timeoutMs);
  return {
    session,
    async close() {
      // A block's `emulator --detach` without its `emulator stop` (a failed block) would outlive the test.
      if (existsSync(join(scratch, '.cloudlab', 'emulator', 'background.json'))) {
        execFileSync(process.execPath, ['packages/cli/bin/cloudlab.js', 'emulator', 'stop'], {
          cwd: scratch,
          stdio: 'ignore',
        });
      }
      await removeScratchCopy(scratch);
    },
  };
}
