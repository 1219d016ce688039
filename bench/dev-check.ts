/**
 * `cloudlab dev check`, per lab, with and without the TODOs' and misconceptions' staged grading (see
 * scoringStages in @cloudlab/course). The baseline runs every scoring test file for every TODO and
 * misconception at once, as dev check did before. Each mode runs in its own child started the way bin/cloudlab.js starts `dev`
 * (Vitest first, then this file through Vite's module runner); the two modes of a lab run one after the other,
 * so they meet about the same load. Reported per lab: CPU seconds of the child's whole process tree (what the
 * other engineers' load skews least) and wall seconds, each as a ratio to the baseline; whether the two modes
 * gave the same verdicts (every misconception caught or not, every TODO, the same problems) — exit 1 when they
 * do not; and how many caught entries list fewer failed checks than the baseline (their stages stopped before a
 * file that fails too but was not needed for the verdict, e.g. lab 05's audit).
 *
 * Run: pnpm exec tsx bench/dev-check.ts [--labs 03,05] [--only-misconceptions] [--timeout 1800 (seconds per run)]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { LabCheck } from '@cloudlab/course/dev-check';
import { cpuTimes } from './process-cpu.ts';

const arg = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const ROOT = join(import.meta.dirname, '..');
const ONLY = arg('--labs')?.split(',');
const ONLY_MISCONCEPTIONS = process.argv.includes('--only-misconceptions');
const CHILD_TIMEOUT_MS = (Number(arg('--timeout')) || 1800) * 1000;
type Mode = 'whole' | 'affected-first';

const childMode = arg('--child') as Mode | undefined;
if (childMode) {
  const { devCheck } = await import('@cloudlab/course/dev-check');
  const report = await devCheck({
    root: ROOT,
    labs: [arg('--lab') ?? ''],
    ...(ONLY_MISCONCEPTIONS ? { onlyMisconceptions: true } : {}),
    affectedFirst: childMode === 'affected-first',
  });
  process.stdout.write(`${JSON.stringify(report.labs[0])}\n`);
  process.exit(0);
}

interface Sample {
  check: LabCheck;
  cpuS: number;
  wallS: number;
}

function child(mode: Mode, lab: string): Sample {
  const launcher = [
    "await import('@cloudlab/grader/preload');",
    `const { importThroughVite } = await import(${JSON.stringify(import.meta.resolve('@cloudlab/grader/vite-loader'))});`,
    `await importThroughVite(${JSON.stringify(import.meta.filename)});`,
  ].join('\n');
  const reaped = () => {
    const t = cpuTimes();
    return t.reapedUser + t.reapedSystem;
  };
  const cpuBefore = reaped();
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      launcher,
      '--',
      '--child',
      mode,
      '--lab',
      lab,
      ...(ONLY_MISCONCEPTIONS ? ['--only-misconceptions'] : []),
    ],
    { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
  );
  const wallS = (performance.now() - started) / 1000;
  const line = run.stdout?.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    const why = (run.error?.message ?? run.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`bench/dev-check ${mode} ${lab} failed: ${why}`);
  }
  return { check: JSON.parse(line) as LabCheck, cpuS: reaped() - cpuBefore, wallS };
}

/** What must not change between the modes: each misconception's and TODO's verdict, and the problems. */
const verdicts = (check: LabCheck) =>
  JSON.stringify({
    misconceptions: check.misconceptions.map(({ name, caught }) => ({ name, caught })),
    problems: check.problems,
    // A staged TODO stops once it lost points: its score covers the files it ran, its verdict is the same.
    todos: check.todos.map(({ n, caught }) => ({ n, caught })),
  });
/** Caught entries whose staged run listed fewer failed checks than the baseline's full run. */
const stoppedEarly = (whole: LabCheck, staged: LabCheck) =>
  staged.misconceptions.filter(
    (m, i) => m.caught && (m.failed?.length ?? 0) < (whole.misconceptions[i]?.failed?.length ?? 0),
  ).length;

const { discoverLabs } = await import('@cloudlab/grader/node');
const labIds = (await discoverLabs(ROOT)).map((lab) => lab.id).filter((id) => !ONLY || ONLY.includes(id));
const load = () => `load ${loadavg()[0]?.toFixed(2)}`;
console.log(
  `dev check${ONLY_MISCONCEPTIONS ? ' --only-misconceptions' : ''} of labs ${labIds.join(', ')}: every scoring file per misconception (baseline) vs affected files first, ${load()}`,
);
let differ = 0;
for (const lab of labIds) {
  const whole = child('whole', lab);
  const staged = child('affected-first', lab);
  const same = verdicts(whole.check) === verdicts(staged.check);
  if (!same) differ++;
  console.log(
    `lab ${lab} (${staged.check.misconceptions.length} misconceptions): CPU ${whole.cpuS.toFixed(0)} s → ${staged.cpuS.toFixed(0)} s (×${(staged.cpuS / whole.cpuS).toFixed(2)}), wall ${whole.wallS.toFixed(0)} s → ${staged.wallS.toFixed(0)} s (×${(staged.wallS / whole.wallS).toFixed(2)}), verdicts ${same ? 'identical' : 'DIFFER'}, ${stoppedEarly(whole.check, staged.check)} caught with fewer failed checks  (${load()})`,
  );
}
process.exitCode = differ === 0 ? 0 : 1;
