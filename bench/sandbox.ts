/**
 * The cost of the batch's per-learner sandbox (packages/instructor/SECURITY.md, item 3): one synthetic class
 * graded with the sandbox and with `unsafeNoSandbox`, alternated (--rounds pairs, in both isolation modes),
 * sharing one emulator, in this run. Prints seconds and CPU per submission-lab for each and the ratios.
 * Under the sandbox every grading child starts through sh + prlimit (+ setpriv as root) + bwrap in a fresh
 * cgroup, and every emulator call crosses two more hops (the sandbox's loopback relay, the batch's socket).
 * On a shared 2-core machine expect ±20 % per run: the ratio of the same round is what means something.
 *
 * CPU is counted by the kernel in a cgroup around this process (cgroup-cpu.ts: v1 cpuacct, v2 cpu.stat): the
 * reaped-children count misses the sandboxes' processes (bwrap's PID 1 reaps them), which made the sandbox
 * look cheaper than no sandbox.
 *
 * Measured 2026-12-03, --n 4 --labs 01,03 --rounds 1, load average 24-37: warm 10.31 vs 5.72 s per
 * submission-lab (1.80×), process 22.25 vs 25.06 s (0.89×), wall. Earlier, on a quiet machine, N=10: 14.9 s
 * wall per submission, 3.93 s CPU per submission-lab; a 3rd worker on 2 cores was slower (242 vs 149 s).
 *
 * One `tsc -b` per learner for its labs, single-threaded, not incremental (2026-12-04, `--n 3 --labs
 * 01,02,03,04,05 --rounds 1 --modes warm --workers 1`, this branch and a copy of main alternated after /
 * before / before / after [5.5-8.9]): CPU per submission-lab in the sandbox 5.58, 5.16 s vs 6.78, 6.28 s
 * before (means 5.37 vs 6.53 s, ×0.82); without the sandbox 5.47, 4.81 vs 5.85, 5.77 s (×0.88). Again, quieter
 * [2.2-6.8]: in the sandbox 4.96, 5.24 vs 6.00, 6.26 s (5.10 vs 6.13, ×0.83), 3.9 vs 4.2 s wall per
 * submission-lab; without 3.76, 4.48 vs 5.98, 5.28 s (×0.73). Issue #20's class at 5.1 s: 500 × 5.1 s on 2
 * cores ≈ 21 min of CPU (goal 10 min, ≈ 2.4 s a submission-lab). Where a
 * lab 01's CPU went before (3 learners, warm, the process tree sampled from /proc [7-10]): the test
 * worker ~2.3 s (Node's start and the SDK's modules ~1.4 s, Vitest, the tests), the grading child's Vitest
 * ~2.3 s (transforms, source maps, forks), tsc ~1.0 s, the batch process (emulator, relay, staging) ~1.1 s,
 * esbuild ~0.3 s (per submission-lab, sandboxed and unsafe runs together; the child's start shared by 3).
 *
 * Run: pnpm exec tsx bench/sandbox.ts [--n 6] [--labs 01,03] [--workers N] [--rounds 2] [--modes warm,process]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverLabs, exerciseTitles, planStarter, readSolution, writeTree } from '@cloudlab/course';
import { startEmulator } from '@cloudlab/emulator';
import { type BatchSummary, runBatch } from '@cloudlab/instructor';
import { openCpuMeter } from './cgroup-cpu.ts';

const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const N = Math.min(100, Number(flag('n')) || 6);
const ROUNDS = Number(flag('rounds')) || 2;
const WORKERS = Number(flag('workers')) || availableParallelism();
const MODES = (flag('modes') ?? 'warm,process').split(',') as ('warm' | 'process')[];
const repo = join(import.meta.dirname, '..');
const wanted = (flag('labs') ?? '01,03').split(',');
const labs = (await discoverLabs(repo)).filter((lab) => wanted.includes(lab.id));
if (labs.length === 0) throw new Error('bench/sandbox: no such lab — pass --labs 01,03');

/** CPU seconds of this process and everything it started, sandboxes included. */
const meter = openCpuMeter(`cloudlab-bench-sandbox-${process.pid}`);
const cpuSeconds = () => meter.seconds();
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

const work = await mkdtemp(join(tmpdir(), 'cloudlab-bench-sandbox-'));
try {
  for (const lab of labs) {
    const titles = exerciseTitles(lab);
    const variants = [await readSolution(lab.dir), (await planStarter(lab.dir, titles)).files];
    for (let i = 0; i < N; i++) {
      const folder = join(work, 'class', `learner-${String(i).padStart(3, '0')}`, lab.folder);
      await mkdir(folder, { recursive: true });
      await writeTree(folder, variants[i % variants.length]!);
    }
  }
  const emulator = await startEmulator({});
  let run = 0;
  const grade = async (isolation: 'warm' | 'process', sandboxed: boolean) => {
    const before = load();
    const cpu = cpuSeconds();
    const started = performance.now();
    const summary = await runBatch({
      submissions: join(work, 'class'),
      out: join(work, `out-${run++}`),
      courseRoot: repo,
      labs: labs.map((lab) => lab.id),
      workers: isolation === 'warm' ? WORKERS : 1,
      isolation,
      timeoutSeconds: 600,
      emulator,
      ...(sandboxed ? {} : { unsafeNoSandbox: true }),
    });
    const seconds = (performance.now() - started) / 1000;
    const perLab = summary.graded * labs.length;
    return {
      summary,
      seconds: seconds / perLab,
      cpu: (cpuSeconds() - cpu) / perLab,
      load: `${before} → ${load()}`,
    };
  };
  const scores = (summary: BatchSummary) =>
    JSON.stringify(summary.records.map((record) => record.run?.score));
  console.log(
    `class: ${N} submissions × labs ${labs.map((lab) => lab.id).join(',')}, ${availableParallelism()} cores, ${ROUNDS} round(s), CPU from ${meter.kind}`,
  );
  for (const isolation of MODES) {
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first: the machine's load drifts within a round.
      const order = round % 2 === 1 ? [true, false] : [false, true];
      const [first, second] = [await grade(isolation, order[0]!), await grade(isolation, order[1]!)];
      const sandbox = order[0] ? first : second;
      const bare = order[0] ? second : first;
      const limits = sandbox.summary.sandbox.kind === 'bwrap' ? sandbox.summary.sandbox.limits : 'none';
      console.log(
        `${isolation.padEnd(7)} round ${round}: sandbox (${limits}) ${sandbox.seconds.toFixed(2)} s, ${sandbox.cpu.toFixed(2)} s CPU per submission-lab [load ${sandbox.load}]; unsafe ${bare.seconds.toFixed(2)} s, ${bare.cpu.toFixed(2)} s CPU [load ${bare.load}]; ratio ${(sandbox.seconds / bare.seconds).toFixed(2)}× wall, ${(sandbox.cpu / bare.cpu).toFixed(2)}× CPU; same scores: ${scores(sandbox.summary) === scores(bare.summary)}`,
      );
      if (scores(sandbox.summary) !== scores(bare.summary))
        for (const [name, run] of [
          ['sandbox', sandbox],
          ['unsafe', bare],
        ] as const)
          console.log(
            `  ${name}: ${run.summary.records.map((record) => `${record.learner} ${record.run?.score} [${record.flags.join(' ')}] ${record.notes.join(' ').slice(0, 200)} ${JSON.stringify(record.run?.labs.map((lab) => [lab.errors, lab.checks.find((check) => check.message)?.message]))?.slice(0, 400)}`).join('; ')}`,
          );
    }
  }
  await emulator.stop();
} finally {
  await rm(work, { recursive: true, force: true });
  meter.close();
}
