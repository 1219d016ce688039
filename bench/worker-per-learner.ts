/**
 * The cost of one test worker per learner (issue #20, items 2 and 4): one lab graded again and again on one
 * warm Vitest instance, the test worker kept from grade to grade (the former batch path, the baseline) against
 * a fresh worker per grade with its spare forked beside the previous grade (`oneWorkerPerRun`, the batch path
 * now), with and without the spare loading the course's packages (the SDK) ahead of its run. Both graders grade the solution in turn, so the machine's load falls on both alike; prints the median
 * wall time and the CPU (this process and its reaped children) per grade, and the ratios.
 *
 * Run: pnpm exec tsx bench/worker-per-learner.ts [--labs 01,03] [--n 6]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsGrading } from '@cloudlab/aws-session/grading';
import { startProcessEmulator } from '@cloudlab/aws-session/vitest-setup';
import { discoverLabs } from '@cloudlab/grader/course';
import { WarmLabGrader } from '@cloudlab/grader/node';
import { cpuWithReapedSeconds } from './process-cpu.ts';
import { median } from './warm-median.ts';

const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const N = Math.max(2, Number(flag('n')) || 6);
const wanted = (flag('labs') ?? '01,03').split(',');
const repo = join(import.meta.dirname, '..');
const labs = (await discoverLabs(repo)).filter((lab) => wanted.includes(lab.id));

/** CPU seconds of this process plus its reaped children (the test workers). */
const cpuSeconds = cpuWithReapedSeconds;
const batchWideEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => !!entry[1]));

console.log(`load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
// Two warm instances in one process: one emulator for both, as `cloudlab grade` starts it.
const stopEmulator = await startProcessEmulator();
for (const lab of labs) {
  const codeDir = join(lab.dir, 'solution');
  const kept = await WarmLabGrader.open(lab, { ...awsGrading, codeDir });
  const fresh = await WarmLabGrader.open(lab, {
    ...awsGrading,
    codeDir,
    oneWorkerPerRun: { env: batchWideEnv, preload: false },
  });
  const preloaded = await WarmLabGrader.open(lab, {
    ...awsGrading,
    codeDir,
    oneWorkerPerRun: { env: batchWideEnv },
  });
  const times = { kept: [] as number[], fresh: [] as number[], preloaded: [] as number[] };
  const cpu = { kept: [] as number[], fresh: [] as number[], preloaded: [] as number[] };
  try {
    // The first grade of each starts its first worker and collects the inventory: not counted.
    await kept.grade();
    await fresh.grade();
    await preloaded.grade();
    for (let round = 0; round < N; round++) {
      for (const [name, grader] of [
        ['kept', kept],
        ['fresh', fresh],
        ['preloaded', preloaded],
      ] as const) {
        const [start, startCpu] = [performance.now(), cpuSeconds()];
        const result = await grader.grade();
        if (result.score !== result.maxScore)
          throw new Error(`${lab.folder} solution scored ${result.score}`);
        times[name].push(performance.now() - start);
        cpu[name].push(cpuSeconds() - startCpu);
      }
    }
  } finally {
    await kept.close();
    await fresh.close();
    await preloaded.close();
  }
  const wall = (name: keyof typeof times) => median(times[name]) / 1000;
  const cpuOf = (name: keyof typeof cpu) => median(cpu[name]);
  const line = (name: keyof typeof times) =>
    `${wall(name).toFixed(2)} s (${(wall(name) / wall('kept')).toFixed(2)}x), ${cpuOf(name).toFixed(2)} s CPU`;
  console.log(
    `${lab.folder}: kept worker ${wall('kept').toFixed(2)} s, ${cpuOf('kept').toFixed(2)} s CPU; ` +
      `one per learner ${line('fresh')}; one per learner, spare pre-loading the packages ${line('preloaded')} ` +
      `(median of ${N})`,
  );
}
console.log(`load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
await stopEmulator();
