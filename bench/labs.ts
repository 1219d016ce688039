/**
 * Warm grade time per lab: for every lab under labs/, a re-grade of its solution on a warm `WarmLabGrader`
 * (what `cloudlab watch` does on each save: Vitest, the embedded emulator and the transform cache already
 * up) against the baseline of a warm bare Vitest re-run of the same suite in the same child process. One
 * warm-up run each, then the median of RUNS. Each lab runs in its own child process, bounded by a timeout,
 * so one slow lab cannot stall the others and peak RSS is that lab's own. On a shared 2-core machine,
 * expect ±20 %.
 *
 * Run: pnpm exec tsx bench/labs.ts [--runs 3] [--labs 03,04] [--timeout 1200 (seconds per lab)]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const arg = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const RUNS = Number(arg('--runs')) || 3;
const ONLY = arg('--labs')?.split(',');
const ROOT = join(import.meta.dirname, '..');
/** Per lab; lab 02 seeds 2,500 objects per run, so give it room on a loaded machine. */
const CHILD_TIMEOUT_MS = (Number(arg('--timeout')) || 1_200) * 1000;

interface Sample {
  lab: string;
  checks: number;
  score: number;
  maxScore: number;
  bareMs: number;
  cloudlabMs: number;
  peakRssMB: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timeRuns(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function measure(labId: string): Promise<Sample> {
  const { discoverLabs, WarmLabGrader } = await import('@cloudlab/grader/node');
  const { createVitest } = await import('vitest/node');
  const lab = (await discoverLabs(ROOT)).find((l) => l.id === labId);
  if (!lab) throw new Error(`bench/labs: no lab ${labId} under labs/`);
  const codeDir = join(lab.dir, 'solution');

  // Baseline: the same suite on a bare warm Vitest, no scoring, no integrity check, no watchdog.
  process.env.CLOUDLAB_LAB_DIR = codeDir;
  const vitest = await createVitest('test', {
    root: lab.dir,
    config: join(lab.dir, 'vitest.config.ts'),
    watch: false,
    // A silent reporter of our own: with none, Vitest falls back to its default one, which needs start().
    reporters: [{}],
  });
  const specifications = await vitest.globTestSpecifications();
  const bareMs = await timeRuns(() => vitest.runTestSpecifications(specifications, true));
  await vitest.close();

  const grader = await WarmLabGrader.open(lab, { codeDir });
  let result = await grader.grade();
  const cloudlabMs = await timeRuns(async () => {
    result = await grader.grade();
  });
  await grader.close();
  return {
    lab: lab.folder,
    checks: result.checks.length,
    score: result.score,
    maxScore: result.maxScore,
    bareMs,
    cloudlabMs,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

const childLab = arg('--child');
if (childLab) {
  const sample = await measure(childLab);
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

const { discoverLabs } = await import('@cloudlab/grader/node');
const labs = (await discoverLabs(ROOT)).filter((lab) => !ONLY || ONLY.includes(lab.id));
console.log(
  `warm re-grade of each lab's solution, median of ${RUNS} after a warm-up, node ${process.version}`,
);
for (const lab of labs) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--child', lab.id, '--runs', String(RUNS)],
    { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, cwd: ROOT },
  );
  const line = run.stdout?.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    console.log(
      `${lab.folder.padEnd(28)} failed: ${(run.error?.message ?? run.stderr ?? '').trim().split('\n').at(-1)}`,
    );
    continue;
  }
  const s = JSON.parse(line) as Sample;
  console.log(
    `${s.lab.padEnd(28)} ${String(s.checks).padStart(3)} checks ${s.score}/${s.maxScore}   bare vitest ${s.bareMs.toFixed(0).padStart(6)} ms   cloudlab ${s.cloudlabMs.toFixed(0).padStart(6)} ms   ×${(s.cloudlabMs / s.bareMs).toFixed(2)}   peak ${s.peakRssMB.toFixed(0)} MB`,
  );
}
