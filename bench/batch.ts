/**
 * Batch grading throughput: the same synthetic class graded twice in this run — with one worker per core,
 * then with a single worker (the baseline) — sharing one emulator. Prints the speed-up ratio and the
 * seconds each submission took in each mode. The class rotates full marks / one exercise missing / the
 * untouched starter, generated from the labs' solution/ like the e2e fixture class.
 * On a shared 2-core machine expect ±20 %, and a speed-up well under the core count: each grading
 * process also starts its own Vitest worker.
 *
 * Measured 2026-11-25 on the shared 2-core dev box (lab 01, other engineers' tests running too):
 * N=6: 2 workers 75.7 s vs 1 worker 119.6 s (1.58×); N=20: 285.6 s vs 305.9 s (1.07×); one submission
 * takes ~15 s alone and ~28 s with two at once — the cores, not the batch, are the limit there.
 * The default grades lab 01 only, to keep the run bounded (~10 min for N=20); pass --labs for more.
 *
 * Run: pnpm exec tsx bench/batch.ts [--n 20] [--labs 01,02] [--workers N]   (--n 100 for a full class)
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@cloudlab/emulator';
import { discoverLabs } from '@cloudlab/grader/course';
import { type BatchSummary, runBatch } from '@cloudlab/instructor';
import { exerciseTitles, loadLabMeta } from '../scripts/lib/lab-catalog.mjs';
import { listFiles, planStarter, writeTree } from '../scripts/lib/starter-tree.mjs';

const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const N = Math.min(200, Number(flag('n')) || 20);
const WORKERS = Number(flag('workers')) || availableParallelism();
const repo = join(import.meta.dirname, '..');
const labs = (await discoverLabs(repo)).filter((lab) => (flag('labs') ?? '01').split(',').includes(lab.id));
if (labs.length === 0) throw new Error('bench/batch: no such lab — pass --labs 01,02');

const work = await mkdtemp(join(tmpdir(), 'cloudlab-bench-batch-'));
try {
  // 1. The class: N learners, each lab as full marks, one exercise stubbed, or the starter.
  for (const lab of labs) {
    const titles = exerciseTitles(await loadLabMeta(lab.dir));
    const solutionDir = join(lab.dir, 'solution');
    const solution = new Map<string, string>();
    for (const rel of await listFiles(solutionDir))
      solution.set(rel, await readFile(join(solutionDir, rel), 'utf8'));
    const variants = [
      solution,
      (await planStarter(lab.dir, titles, { only: lab.definition.exercises[0]!.n })).files,
      (await planStarter(lab.dir, titles)).files,
    ];
    for (let i = 0; i < N; i++) {
      const folder = join(work, 'class', `learner-${String(i).padStart(3, '0')}`, lab.folder);
      await mkdir(folder, { recursive: true });
      await writeTree(folder, variants[i % variants.length]!);
    }
  }

  // 2. Grade it with WORKERS workers, then with one, on one shared emulator.
  const emulator = await startEmulator({});
  const grade = async (workers: number, out: string) => {
    const started = performance.now();
    const summary = await runBatch({
      submissions: join(work, 'class'),
      out: join(work, out),
      courseRoot: repo,
      labs: labs.map((lab) => lab.id),
      workers,
      timeoutSeconds: 600,
      emulator,
    });
    return { summary, seconds: (performance.now() - started) / 1000 };
  };
  const parallel = await grade(WORKERS, 'out-parallel');
  const single = await grade(1, 'out-single');
  await emulator.stop();

  // 3. Report.
  const median = (summary: BatchSummary) => {
    const values = summary.records.map((record) => record.durationMs / 1000).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? 0;
  };
  const same = parallel.summary.records.every(
    (record, i) => record.run?.score === single.summary.records[i]?.run?.score,
  );
  console.log(
    `class: ${N} submissions × labs ${labs.map((lab) => lab.id).join(',')}, ${availableParallelism()} cores`,
  );
  console.log(
    `${WORKERS} workers: ${parallel.seconds.toFixed(1)} s total, ${(parallel.seconds / N).toFixed(2)} s/submission throughput, median ${median(parallel.summary).toFixed(1)} s per submission`,
  );
  console.log(
    `1 worker:  ${single.seconds.toFixed(1)} s total, ${(single.seconds / N).toFixed(2)} s/submission throughput, median ${median(single.summary).toFixed(1)} s per submission`,
  );
  console.log(
    `speed-up ${WORKERS} workers vs 1: ${(single.seconds / parallel.seconds).toFixed(2)}×; same scores in both runs: ${same}`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
