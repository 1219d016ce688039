/**
 * Cold grade: `cloudlab grade NN --solution` in a fresh process against a bare `vitest run` of the same lab's
 * files with the same config (the solution behind `@lab`, no cloudlab CLI), measured in the same run.
 *  - one lab (--lab, default 01): one bare `vitest run` vs `cloudlab grade 01 --solution`,
 *  - all labs: a bare `vitest run` per lab, one after another (what running each lab's `pnpm test` costs) vs
 *    `cloudlab grade --solution`.
 * cloudlab runs twice per round: with its disk cache emptied first (the first grade after an install or after
 * the tests change: every module transformed, the inventory collected in a no-code Vitest instance) and with the
 * cache the previous run left (every later grade).
 * Each mode runs as a child process whose whole tree (Vitest's workers, esbuild) is sampled from /proc every
 * 50 ms for its peak RSS, under GNU time for the CPU time of the tree (user + system, every process the child
 * waited for): on a loaded machine wall time follows the load, CPU time much less. Rounds alternate which mode
 * goes first; each figure is the median of the rounds. On a shared 2-core machine read the ratios and the load
 * average printed beside them.
 *
 * Measured 2026-12-03 on the shared 2-core dev box under a load average of 30-40 (wall times there are 10-40×
 * a quiet machine's; read the ratios, CPU above all). Before and after ran from copies of the two commits.
 * lab 01, 3 rounds:
 *   before [33.8]: bare 109.2 s, CPU 6.49 s, 266 MB; cloudlab 130.2 s, CPU 10.35 s, 272 MB (time ×1.19, CPU ×1.59,
 *   rss ×1.02). The CLI's module runner without Vite's import.meta hook alone [32.7]: CPU ×1.78 (noise at that
 *   load); `grade --help`, 4 pairs alternated: CPU 2.05 → 1.87 s, RSS 145 → 138 MB.
 *   after [34.6]: bare 88.8 s, CPU 6.34 s, 271 MB; cloudlab with the cache emptied 127.7 s, CPU 10.81 s, 254 MB
 *   (time ×1.44, CPU ×1.71, rss ×0.93); with the cache the previous run left 85.0 s, CPU 6.29 s, 258 MB
 *   (time ×0.96, CPU ×0.99, rss ×0.95).
 * all five labs, 1 round:
 *   before [30.4]: bare 131.3 s, 365 MB; cloudlab 236.6 s, 590 MB (time ×1.80, rss ×1.61).
 *   after [16.8]: bare 340.8 s, CPU 49.54 s, 386 MB (lab 05's workflow test failed in the bare run under that
 *   load); cloudlab with the cache emptied 146.5 s, CPU 33.66 s, 647 MB (time ×0.43, CPU ×0.68, rss ×1.67); with
 *   the cache 71.4 s, CPU 24.79 s, 511 MB (time ×0.21, CPU ×0.50, rss ×1.32). Before had no CPU column; its
 *   time ×1.80 at [30.4] against ×0.43 / ×0.21 after.
 * Watch (bench/labs.ts --labs 01 --runs 3, save → verdict of lab 01): before [15.4] first verdict 980 ms, whole
 * lab 3400 ms (its warm all-labs pass ×0.55 of bare); after, alone [8.8-11.6]: 290 / 2383 ms (×0.30); after,
 * run beside the all-five bench [18.5-25.5]: 2828 / 16203 ms. Loads differ, so no exact ratio; no sign of a
 * regression.
 *
 * TypeScript 7 (2026-12-04). Each lab's typecheck check ran TypeScript 5.9's tsc (a Node program) over the
 * learner's files and everything they import: for lab 01 2,156 files (the SDK's declarations, and the course's
 * own packages as sources). Alone, alternated with TypeScript 7's native tsc on lab 01's generated config,
 * median of 3 rounds [30-32, wall meaningless]: cold (no .tsbuildinfo) CPU 15.28 → 3.94 s (×0.26), RSS 387 →
 * 311 MB; incremental 8.03 → 2.57 s (×0.32), 328 → 231 MB. The rest of a grade did not change. The CI's
 * typecheck stage (every package's and lab's tsc -p, one after another) [25-50]: CPU 198 → 52 s (×0.26), max
 * RSS 493 → 375 MB.
 * lab 01, 1 round, after [5.7]: bare 9.82 s, CPU 7.13 s, 406 MB; cloudlab with the cache emptied 12.10 s, CPU
 *   10.52 s, 521 MB (time ×1.23, CPU ×1.48, rss ×1.28); cached 8.53 s, CPU 7.01 s, 442 MB (time ×0.87, CPU ×0.98,
 *   rss ×1.09). Against the 3 rounds before [1.6] below: CPU 14.09 → 10.52 s cold, 10.41 → 7.01 s cached.
 * all five labs, 1 round, after [7.3]: bare 58.25 s, CPU 37.37 s, 465 MB; cloudlab with the cache emptied
 *   46.72 s, CPU 37.34 s, 871 MB (time ×0.80, CPU ×1.00, rss ×1.87); cached 36.91 s, CPU 30.77 s, 717 MB
 *   (time ×0.63, CPU ×0.82, rss ×1.54). At [31.4] the cloudlab run with the cache emptied exited 1 (cause not looked
 *   into; the same run at [7.3] exited 0). Still far from issue #21's 2 s / 6 s.
 * lab 01, 1 round, after [36.3]: bare 244.4 s, CPU 12.29 s, 419 MB; cloudlab with the cache emptied 212.4 s,
 *   CPU 15.27 s, 488 MB (time ×0.87, CPU ×1.24, rss ×1.16); cached 196.5 s, CPU 10.32 s, 439 MB (time ×0.80,
 *   CPU ×0.84, rss ×1.05). Before, 3 rounds [1.6] (not the same run: CPU time too grows with the load): bare
 *   9.19 s, 587 MB; cloudlab with the cache emptied 10.41 s, CPU 14.09 s, 626 MB; cached 7.80 s, CPU 10.41 s,
 *   557 MB. Peak RSS, which the load hardly moves: -138 MB cold, -118 MB cached.
 *
 * Typecheck on the learner's folder, `@cloudlab/aws-session/session` for lab code, tsc started ahead (2026-12-04,
 * `--rounds 1 --before <copy of b87de56>`, the empty cache also dropping .tsbuildinfo; 1 round, so ±10 % CPU):
 * lab 01 [30.7]: bare 170.0 s, CPU 10.19 s, 300 MB; empty cache CPU 15.47 → 13.25 s (×1.52 → ×1.30 of bare),
 *   peak 588 → 342 MB; cached CPU 8.30 → 7.88 s (×0.81 → ×0.77), 449 → 301 MB. tsc over lab 01's solution:
 *   2,162 → 766 files.
 * all five labs [20.8]: bare 305.1 s, CPU 45.99 s, 459 MB; empty cache CPU 56.68 → 59.44 s (×1.23 → ×1.29, within
 *   one round's noise), peak 897 → 735 MB; cached CPU 41.33 → 41.19 s (×0.90 both), 661 → 661 MB. Labs 02-05's
 *   code imports no session, so only lab 01's typecheck got smaller. Wall times at that load say nothing about
 *   issue #21's 2 s / 6 s; the CPU (13.25 s one lab cold, 41 s five cached) is still far above it.
 * One `tsc -b` for the labs of a run, single-threaded, not incremental (2026-12-04, `--before <copy of 82787c2>`,
 * the quiet shared box [0.6-5.9]). tsc alone over the five solutions (GNU time over the whole tree, 3 rounds
 * alternated [0.4-0.6]): CPU 4.24-4.61 → 1.64-1.68 s (×0.38), peak 125 → 165 MB (one build holds the five
 * programs' shared files); lab 01 alone 0.96-0.98 → 0.78-0.80 s (×0.81), 96 → 77 MB.
 * 1 round [1.1-4.0]: lab 01 bare CPU 4.38 s; empty cache 8.45 → 7.76 s (×1.93 → ×1.77), cached 5.86 → 5.24 s
 *   (×1.34 → ×1.20); all five bare 29.86 s; empty cache 38.64 → 36.07 s (×1.29 → ×1.21), cached 30.04 → 28.10 s
 *   (×1.01 → ×0.94).
 * 3 rounds [3.1-4.4]: lab 01 bare CPU 5.32 s; empty cache 7.97 → 7.93 s (×1.50 → ×1.49), cached 5.48 → 6.11 s
 *   (×1.03 → ×1.15: lab 01's ~0.2 s is below this bench's noise); all five bare 27.88 s; empty cache 34.21 →
 *   33.76 s (×1.23 → ×1.21), cached 29.86 → 28.94 s (×1.07 → ×1.04), RSS unchanged (822/829, 746/746 MB).
 *   The typecheck was ~4.4 s of a five-lab grade's ~30 s CPU and is now ~1.7 s; the rest (Vitest, its worker
 *   loading the SDK, the tests) is what still stands between this and issue #21's 2 s / 6 s.
 * The CLI from one esbuild bundle kept beside the grader instead of Vite's per-module compiles
 * (packages/grader/src/bundled-import.js), the test worker forked as the session opens from the previous
 * grade's record (runner/head-start-worker.ts), lab 01's credential_process fixture printed with `cat` instead
 * of a second node (2026-12-04, `--before <worktree of ff4abb3>`, the quiet shared box, no other session):
 * lab 01, 3 rounds, Node 20 [2.8-3.5]: bare 3.50 s, CPU 4.17 s, 351 MB; cached 3.83 → 2.78 s (×1.09 → ×0.79 of
 *   bare), CPU 5.19 → 4.12 s, 310 → 259 MB; empty cache 5.12 → 5.16 s, CPU 7.40 → 7.73 s (the bundle is built
 *   then, and no worker was recorded yet).
 * lab 01, 3 rounds, Node 24 [2.6-2.8]: bare 3.85 s, CPU 4.36 s, 407 MB; cached 4.19 → 2.54 s (×1.09 → ×0.66),
 *   CPU 5.39 → 3.58 s, 328 → 304 MB; empty cache 5.29 → 5.63 s, CPU 7.04 → 8.02 s.
 * all five labs, 1 round, Node 24 [2.6-2.9]: bare 21.74 s, CPU 24.37 s, 482 MB; cached 15.24 → 12.49 s (×0.70 →
 *   ×0.57), CPU 21.62 → 18.85 s, 884 → 701 MB; empty cache 18.60 → 19.01 s. Issue #21's 2 s / 6 s are still
 *   ahead. Where one cached lab 01 grade's time went (marks in the code, one run at a load of 4): 0.33 s node,
 *   0.67 s vitest/node, 0.08 s the CLI's bundle, 0.5 s to open Vitest, 0.45 s from the run's start to its
 *   worker's, 3.0 s the checks. In a five-lab grade lab 05's test audit (its own Vitest, five threads) ran
 *   18 s of wall time beside the other labs at a load of 4-6.
 * lab.ts loaded from its bundle at once (Node's type stripping refused it after ~0.1 s of starting on Node 22/24),
 * the head-start worker forked by `grade` before Vitest loads, and the bare baseline run with the emulator as its
 * global setup (before 2026-12-05 it had none: lab 01's bare run failed 9 of 53 tests and lab 02's skipped 21
 * of 22, so the "bare" figures above timed partly failing runs). 2026-12-05, `--before <worktree of cca9a8a>`,
 * the quiet shared box [1.4-3.7], Node 24:
 * lab 01, 3 rounds: bare 3.31 s, CPU 3.81 s, 399 MB; cached 2.60 → 2.55 s (×0.78 → ×0.77 of bare), CPU 3.69 →
 *   3.73 s; empty cache 4.90 → 4.82 s. In a shell loop alternating the two builds (5-6 pairs, stdout to
 *   /dev/null): 2.20 → 2.04 s at a load of 1-2, 2.50 → 2.34 s at 2.5-3.
 * all five labs, 2 rounds: bare 25.45 s, CPU 26.44 s; cached 10.98 → 10.49 s (×0.43 → ×0.41), CPU 16.57 →
 *   15.78 s, 703 → 706 MB (after runs labs 02 and 04's two new checks too). Issue #21's 6 s needs ~11 s of CPU on
 *   2 cores: where it goes (one run, CPU by process): the two test workers ~9 s, the grading process ~4 s (of it
 *   the emulator ~1.3 s), lab 05's audit ~3 s, tsc 1.4 s, esbuild 0.9 s.
 * Node 20, lab 01, 3 rounds: bare 3.66 s; cached 2.50 → 2.56 s (within noise: Node 20 had no type stripping to
 *   skip).
 * `--before DIR` also grades a copy of another commit (its own node_modules, e.g. a copy of this checkout with
 * the base commit's files put back) in the same rounds, alternated with this one: before → after in one run.
 * "Empty cache" also removes the labs' incremental tsc state (.tsbuildinfo in the temp folder): the typecheck
 * check then reads every declaration file, as after an install.
 *
 * Run: pnpm exec tsx bench/cold-grade.ts [--rounds 3] [--lab 01] [--only one|all] [--before DIR]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TreePeak } from './process-memory.ts';
import { median } from './warm-median.ts';

const arg = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const ROUNDS = Number(arg('--rounds')) || 3;
const ONE = arg('--lab') ?? '01';
const ONLY = arg('--only');
const ROOT = join(import.meta.dirname, '..');
const BEFORE = arg('--before');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const BARE_CONFIG = join(import.meta.dirname, 'bare-lab.vitest.config.ts');
const labDirsOf = (root: string) =>
  readdirSync(join(root, 'labs'))
    .filter((name) => /^\d\d-/.test(name))
    .sort()
    .map((name) => join(root, 'labs', name));
const labDirs = labDirsOf(ROOT);

interface Sample {
  ms: number;
  cpuMs: number;
  peakRssMB: number;
}

/** Runs one command to its end; its wall time and the peak RSS of its process tree. */
function timed(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuFile = join(tmpdir(), `cloudlab-bench-cpu-${process.pid}`);
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const peak = new TreePeak();
    const sampler = setInterval(() => child.pid && peak.sample(child.pid), 50);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-800)}`));
      else {
        // GNU time puts "Command exited with non-zero status 1" above its figures when the command fails.
        const figures = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1) ?? '';
        const [user, system] = figures.split(' ').map(Number);
        resolve({ ms, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000, peakRssMB: peak.rssMB });
      }
    });
  });
}

/**
 * `vitest run` in a lab folder, its solution behind `@lab`, with the lab's config and the embedded emulator as
 * its global setup (bare-lab.vitest.config.ts): Vitest alone, no cloudlab CLI. Every test must pass: until
 * 2026-12-05 this baseline ran without the emulator, where lab 01 failed 9 of 53 tests and lab 02 skipped 21 of
 * 22, so the earlier "bare" figures below timed partly failing runs.
 */
const bareLab = (labDir: string) =>
  timed([VITEST, 'run', '--reporter=dot', '--config', BARE_CONFIG], labDir, {
    CLOUDLAB_LAB_DIR: join(labDir, 'solution'),
    BENCH_LAB_DIR: labDir,
  });

async function bare(dirs: readonly string[]): Promise<Sample> {
  const samples: Sample[] = [];
  for (const dir of dirs) samples.push(await bareLab(dir));
  return {
    ms: samples.reduce((sum, s) => sum + s.ms, 0),
    cpuMs: samples.reduce((sum, s) => sum + s.cpuMs, 0),
    peakRssMB: Math.max(...samples.map((s) => s.peakRssMB)),
  };
}

const cloudlab = (root: string, labs: readonly string[]) =>
  timed([join(root, 'packages/cli/bin/cloudlab.js'), 'grade', ...labs, '--solution'], root);
const cloudlabEmptyCache = (root: string, labs: readonly string[]) => {
  // Where `cloudlab grade` keeps transformed modules and inventories between runs (cli's diskCacheOf).
  rmSync(join(root, 'node_modules', '.cache', 'cloudlab'), { recursive: true, force: true });
  // The CLI's own bundle (grader's bundled-import.js), as after an install.
  rmSync(join(root, 'packages', 'grader', 'node_modules', '.cache', 'bundles'), {
    recursive: true,
    force: true,
  });
  // A --before copy's incremental typecheck state, per lab and code folder (the check has kept none since
  // it became one fresh `tsc -b` a run: runtime/tsc-diagnostics.ts).
  const typecheckDir = join(tmpdir(), `cloudlab-typecheck-${process.getuid?.() ?? 'user'}`);
  for (const labDir of labDirsOf(root)) {
    const key = createHash('sha256')
      .update(`${labDir}\0${join(labDir, 'solution')}`)
      .digest('hex')
      .slice(0, 16);
    rmSync(join(typecheckDir, `${key}.tsbuildinfo`), { force: true });
  }
  return cloudlab(root, labs);
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
type Mode = 'bare' | 'empty cache' | 'cached' | 'before, empty cache' | 'before, cached';
const cloudlabModes = (labs: string[]): Partial<Record<Mode, () => Promise<Sample>>> => ({
  'empty cache': () => cloudlabEmptyCache(ROOT, labs),
  cached: () => cloudlab(ROOT, labs),
  ...(BEFORE
    ? {
        'before, empty cache': () => cloudlabEmptyCache(BEFORE, labs),
        'before, cached': () => cloudlab(BEFORE, labs),
      }
    : {}),
});
const targets: { name: string; run: Partial<Record<Mode, () => Promise<Sample>>> }[] = [
  {
    name: `lab ${ONE}`,
    run: {
      bare: () => bare(labDirs.filter((dir) => dir.includes(`/labs/${ONE}-`))),
      ...cloudlabModes([ONE]),
    },
  },
  {
    name: `all ${labDirs.length} labs`,
    run: { bare: () => bare(labDirs), ...cloudlabModes([]) },
  },
].filter((target) => !ONLY || (ONLY === 'one') === target.name.startsWith('lab'));

console.log(
  `cold grade (solution), median of ${ROUNDS} alternating rounds, node ${process.version}, load ${load()}`,
);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (const target of targets) {
  const samples: Record<Mode, Sample[]> = {
    bare: [],
    'empty cache': [],
    cached: [],
    'before, empty cache': [],
    'before, cached': [],
  };
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // The cached run follows an empty-cache one (it needs its cache); bare goes first or last by turns, and
    // so do before and after.
    const pairs: Mode[][] = [
      ['empty cache', 'cached'],
      ...(BEFORE ? [['before, empty cache', 'before, cached'] as Mode[]] : []),
    ];
    if (round % 2 === 1) pairs.reverse();
    const order: Mode[] = round % 2 === 0 ? ['bare', ...pairs.flat()] : [...pairs.flat(), 'bare'];
    for (const mode of order) {
      const run = target.run[mode];
      if (run) samples[mode].push(await run());
    }
    loads.push(loadavg()[0] as number);
  }
  const of = (mode: Mode) => ({
    ms: median(samples[mode].map((sample) => sample.ms)),
    cpuMs: median(samples[mode].map((sample) => sample.cpuMs)),
    peakRssMB: median(samples[mode].map((sample) => sample.peakRssMB)),
  });
  const baseline = of('bare');
  console.log(
    `${target.name}: bare vitest ${seconds(baseline.ms)} (CPU ${seconds(baseline.cpuMs)}) ${baseline.peakRssMB.toFixed(0)} MB   (load ${median(loads).toFixed(2)})`,
  );
  const modes: Mode[] = BEFORE
    ? ['before, empty cache', 'empty cache', 'before, cached', 'cached']
    : ['empty cache', 'cached'];
  for (const mode of modes) {
    const ours = of(mode);
    console.log(
      [
        `  cloudlab grade, ${mode.padEnd(19)} ${seconds(ours.ms)} (CPU ${seconds(ours.cpuMs)}) ${ours.peakRssMB.toFixed(0)} MB`,
        `time ×${(ours.ms / baseline.ms).toFixed(2)} CPU ×${(ours.cpuMs / baseline.cpuMs).toFixed(2)} rss ×${(ours.peakRssMB / baseline.peakRssMB).toFixed(2)}`,
        `(runs ${samples[mode].map((sample) => seconds(sample.ms)).join(', ')})`,
      ].join('   '),
    );
  }
}
