/**
 * Cold grade: `cloudlab grade NN --solution` in a fresh process against a bare `vitest run` of the same lab's
 * files with the same config (the solution behind `@lab`, no cloudlab CLI), measured in the same run.
 *  - one lab (--lab, default 01): one bare `vitest run` vs `cloudlab grade 01 --solution`,
 *  - all labs: a bare `vitest run` per lab, one after another (what running each lab's `pnpm test` costs) vs
 *    `cloudlab grade --solution`.
 * Each mode runs as a child process whose whole tree (Vitest's workers, esbuild) is sampled from /proc every
 * 50 ms for its peak RSS, under GNU time for the CPU time of the tree (user + system, every process the child
 * waited for): on a loaded machine wall time follows the load, CPU time much less. Rounds alternate which mode
 * goes first; each figure is the median of the rounds. On a shared 2-core machine read the ratios and the load
 * average printed beside them.
 *
 * Run: pnpm exec tsx bench/cold-grade.ts [--rounds 3] [--lab 01] [--only one|all]
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TreePeak } from './process-tree.ts';
import { median } from './warm-median.ts';

const arg = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const ROUNDS = Number(arg('--rounds')) || 3;
const ONE = arg('--lab') ?? '01';
const ONLY = arg('--only');
const ROOT = join(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const CLI = join(ROOT, 'packages/cli/bin/cloudlab.js');
const labDirs = readdirSync(join(ROOT, 'labs'))
  .filter((name) => /^\d\d-/.test(name))
  .sort()
  .map((name) => join(ROOT, 'labs', name));

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
        const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(' ').map(Number);
        resolve({ ms, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000, peakRssMB: peak.rssMB });
      }
    });
  });
}

/** `vitest run` in a lab folder, its solution behind `@lab`: the lab's own `pnpm test`. */
const bareLab = (labDir: string) =>
  timed([VITEST, 'run', '--reporter=dot'], labDir, { CLOUDLAB_LAB_DIR: join(labDir, 'solution') });

async function bare(dirs: readonly string[]): Promise<Sample> {
  const samples: Sample[] = [];
  for (const dir of dirs) samples.push(await bareLab(dir));
  return {
    ms: samples.reduce((sum, s) => sum + s.ms, 0),
    cpuMs: samples.reduce((sum, s) => sum + s.cpuMs, 0),
    peakRssMB: Math.max(...samples.map((s) => s.peakRssMB)),
  };
}

const cloudlab = (labs: readonly string[]) => timed([CLI, 'grade', ...labs, '--solution'], ROOT);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const targets = [
  {
    name: `lab ${ONE}`,
    bare: () => bare(labDirs.filter((dir) => dir.includes(`/labs/${ONE}-`))),
    ours: () => cloudlab([ONE]),
  },
  { name: `all ${labDirs.length} labs`, bare: () => bare(labDirs), ours: () => cloudlab([]) },
].filter((target) => !ONLY || (ONLY === 'one') === target.name.startsWith('lab'));

console.log(
  `cold grade (solution), median of ${ROUNDS} alternating rounds, node ${process.version}, load ${load()}`,
);
for (const target of targets) {
  const samples: { bare: Sample[]; ours: Sample[] } = { bare: [], ours: [] };
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const);
    for (const mode of order) samples[mode].push(await target[mode]());
    loads.push(loadavg()[0] as number);
  }
  const ms = (mode: 'bare' | 'ours') => median(samples[mode].map((s) => s.ms));
  const cpu = (mode: 'bare' | 'ours') => median(samples[mode].map((s) => s.cpuMs));
  const mb = (mode: 'bare' | 'ours') => median(samples[mode].map((s) => s.peakRssMB));
  const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
  console.log(
    [
      `${target.name.padEnd(10)} bare vitest ${s(ms('bare'))} (CPU ${s(cpu('bare'))}) ${mb('bare').toFixed(0)} MB`,
      `cloudlab grade ${s(ms('ours'))} (CPU ${s(cpu('ours'))}) ${mb('ours').toFixed(0)} MB`,
      `time ×${(ms('ours') / ms('bare')).toFixed(2)} CPU ×${(cpu('ours') / cpu('bare')).toFixed(2)} rss ×${(mb('ours') / mb('bare')).toFixed(2)}`,
      `(load ${median(loads).toFixed(2)}; cloudlab runs ${samples.ours.map((run) => s(run.ms)).join(', ')})`,
    ].join('   '),
  );
}
