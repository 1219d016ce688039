import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverLabs, type LabResult, WarmLabGrader } from '../src/node.ts';
import { scratchCourse, useOneKeptWorker } from './fixture-labs.ts';

// With `oneWorkerPerRun` (the batch: one learner per run) no test worker serves two runs: what one learner's
// code patched in a loaded package (here the assertion library) is gone for the next, and a worker's initial
// environment (/proc/<pid>/environ) holds none of any run's own variables.
interface Seen {
  pid: number;
  probe?: string;
  environ: string;
  /** The list of package files the worker loaded while it waited as a spare (none for the first). */
  preloaded: string[];
}

let course: Awaited<ReturnType<typeof scratchCourse>>;
const seen: Seen[] = [];
const results: LabResult[] = [];

beforeAll(async () => {
  course = await scratchCourse('01-basics');
  const labDir = join(course.root, 'labs/01-basics');
  const probeFile = join(course.root, 'seen.jsonl');
  await useOneKeptWorker(labDir);
  await writeFile(
    join(labDir, 'tests/worker.test.ts'),
    [
      "import { appendFileSync, readFileSync } from 'node:fs';",
      "import { check } from '@cloudlab/grader';",
      // A package of node_modules the course's tests import: the trusted collection lists it for the spares.
      "import 'picocolors';",
      "import { expect } from 'vitest';",
      "check('reports what the worker sees', { points: 1, hint: 'none' }, () => {",
      "  const environ = readFileSync('/proc/self/environ', 'utf8');",
      "  const preloaded = process.argv[3] ? readFileSync(process.argv[3], 'utf8').split('\\n') : [];",
      `  appendFileSync(${JSON.stringify(probeFile)}, JSON.stringify({ pid: process.pid, probe: process.env.CLOUDLAB_PROBE, environ, preloaded }) + '\\n');`,
      // The first run's learner patches the assertion library: every expect() passes from then on.
      "  if (process.env.CLOUDLAB_PROBE === 'patch') Object.getPrototypeOf(expect(0)).assert = () => undefined;",
      '  expect(1).toBe(2);',
      '});',
      '',
    ].join('\n'),
  );
  const [lab] = await discoverLabs(course.root);
  const grader = await WarmLabGrader.open(lab!, {
    codeDir: join(labDir, 'solution'),
    oneWorkerPerRun: { env: () => ({ PATH: process.env.PATH ?? '' }) },
  });
  try {
    for (const probe of ['patch', 'second', 'third']) {
      process.env.CLOUDLAB_PROBE = probe;
      results.push(await grader.grade());
    }
  } finally {
    delete process.env.CLOUDLAB_PROBE;
    await grader.close();
  }
  const lines = (await readFile(probeFile, 'utf8')).trim().split('\n');
  seen.push(...lines.map((line) => JSON.parse(line) as Seen));
}, 180_000);

afterAll(() => course?.remove());

const probeCheck = (result: LabResult | undefined) =>
  result?.checks.find((check) => check.title === 'reports what the worker sees');

describe('one test worker per run', () => {
  it('runs each grade in a worker process no earlier grade used', () => {
    expect(seen.map((entry) => entry.probe)).toEqual(['patch', 'second', 'third']);
    expect(new Set(seen.map((entry) => entry.pid)).size).toBe(3);
  });

  it('does not carry a patched assertion library over to the next run', () => {
    // Where it was made, the patch is caught by the verdict probes: that run is void.
    expect(probeCheck(results[0])?.status).toBe('failed');
    expect(results[0]?.forged?.[0]).toMatch(/^an assertion that must fail passed/);
    expect(results.slice(1).map((result) => result.forged)).toEqual([undefined, undefined]);
    expect(results.slice(1).map((result) => probeCheck(result)?.status)).toEqual(['failed', 'failed']);
  });

  it('has the spare load the course’s packages from the trusted collection’s list: node_modules files only', () => {
    const list = seen[2]?.preloaded ?? [];
    expect(list.some((file) => file.endsWith('/picocolors/picocolors.js'))).toBe(true);
    expect(list.filter((file) => !file.includes('/node_modules/'))).toEqual([]);
    expect(seen[0]?.preloaded).toEqual([]);
  });

  it('starts the next run’s worker with the given environment only: no run’s variables in its environ', () => {
    for (const entry of seen.slice(1)) expect(entry.environ).not.toContain('CLOUDLAB_PROBE');
  });
});
