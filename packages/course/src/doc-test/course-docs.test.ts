/**
 * Every shell block of the course's documents runs, or says why not (docs/writing-docs.md). One scratch copy
 * per document, its blocks in order; a failure names the file, the line and the command.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { listCourseDocuments, openDocSession, readDocument } from './course-docs.ts';

const root = join(import.meta.dirname, '../../../..');

/** A tool a block `needs:` that this machine lacks (the course installs Node and pnpm, nothing else). */
const missing = (commands: string[] = []) =>
  commands.filter((command) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0);
// Slow blocks (a lab 05 deploy, a grade) take a minute on a busy 2-core CI machine.
const BLOCK_TIMEOUT_MS = 240_000;
// bench/doc-blocks.ts names a file here: each block's CPU seconds are appended to it, one JSON line a block.
const cpuLog = process.env.CLOUDLAB_DOC_CPU_LOG;

for (const file of listCourseDocuments(root)) {
  const blocks = readDocument(root, file);
  if (blocks.length === 0) continue;

  describe(file, () => {
    let opened: ReturnType<typeof openDocSession> | undefined;
    const runnable = blocks.some((block) => !block.noRun && missing(block.needs).length === 0);
    // Copying the course takes seconds, more on a busy machine.
    beforeAll(() => {
      if (runnable) opened = openDocSession(root, file, BLOCK_TIMEOUT_MS);
    }, 120_000);
    // A document's scratch copy holds what its commands wrote (a release, a zip): removing it takes a while.
    afterAll(() => opened?.close(), 120_000);

    for (const block of blocks) {
      const title = `line ${block.line}: ${block.script.split('\n')[0]}`;
      // A marked block is listed as skipped with its reason, so a run shows what the docs did not prove.
      if (block.noRun) {
        test.skip(`${title} (no-run: ${block.noRun})`, () => {});
        continue;
      }
      const absent = missing(block.needs);
      if (absent.length) {
        test.skip(`${title} (needs ${absent.join(', ')}, which this machine does not have)`, () => {});
        continue;
      }
      test(title, { timeout: BLOCK_TIMEOUT_MS + 10_000 }, async () => {
        const result = await opened!.session.runBlock(block);
        if (cpuLog) {
          const record = {
            file,
            line: block.line,
            script: block.script,
            cpuSeconds: result.cpuSeconds,
            ok: result.ok,
          };
          appendFileSync(cpuLog, `${JSON.stringify(record)}\n`);
        }
        if (!result.ok) throw new Error(result.message);
      });
    }
  });
}
