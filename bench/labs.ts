/**
 * All five labs warm, and save → verdict per lab. Two modes, each in its own child process (so each peak
 * RSS is that mode's own), both on warm instances — Vitest, the embedded emulator and the transform cache
 * already up, one warm-up run done:
 *  - bare: one bare Vitest instance per lab (the lab's own vitest.config.ts, the solution behind `@lab`),
 *    re-running its test files; no scoring, no integrity check, no watchdog. The baseline.
 *  - cloudlab: what `cloudlab grade` runs, kept warm: one CourseGrader for every lab that can share a Vitest
 *    instance (one Vite server, one kept worker process) and a WarmLabGrader for any other lab, grading the
 *    solution; then, one lab at a time, a WarmLabGrader per lab (what `cloudlab watch` runs) for save → verdict.
 * Reported: the median time to re-run all five labs (timed passes, unsampled), the peak RSS and PSS of the whole
 * process tree (the child and every Vitest worker and helper it starts, sampled from /proc every 100 ms) over the
 * whole child, cold start included, and over one more warm pass; with --memory-limit, the cgroup's peak charge
 * and its peak of resident memory (each page once, page cache aside); and for
 * cloudlab the median save → verdict of each lab: a solution file rewritten on disk, then what
 * `cloudlab watch` runs on save — `gradeAffected([thatFile])` (the test files that import it: the first
 * verdict) and `grade([thatFile])` (the whole lab).
 * Children start the way bin/cloudlab.js starts `grade`/`watch`: Vitest first, then this file through Vite's module
 * runner (@cloudlab/grader/vite-loader), as the CLI's own TypeScript is.
 * On a shared 2-core machine expect ±20–50 %; read the ratios, and the load average printed with them.
 *
 * Run: pnpm exec tsx bench/labs.ts [--runs 3] [--labs 01,02] [--timeout 600 (seconds per mode)] [--cloud9]
 *      [--memory-limit 1024 (MB, a memory cgroup per mode; Linux with a writable memory controller)]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { awsGrading } from '@cloudlab/aws-session/grading';
import { type CgroupReport, MemoryCgroup, ownCgroupResidentMB } from './memory-cgroup.ts';
import { TreePeak } from './process-memory.ts';
import { median, warmPasses } from './warm-median.ts';

const arg = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const RUNS = Number(arg('--runs')) || 3;
const ONLY = arg('--labs')?.split(',');
const ROOT = join(import.meta.dirname, '..');
const CHILD_TIMEOUT_MS = (Number(arg('--timeout')) || 600) * 1000;
type Mode = 'bare' | 'cloudlab';
/**
 * --cloud9: the heap sizes node picks on a 1 GiB machine (as bench/s3-select.ts --memory-gb does; node sizes
 * V8's young generation from physical memory: 16 MB semi-spaces on this 24 GB box, 4 MB on a 1 GiB one), and
 * the one test worker the grader runs there.
 */
const CLOUD9 = process.argv.includes('--cloud9');
const ONE_GIB_HEAP = ['--max-old-space-size=512', '--max-semi-space-size=4'];
/**
 * --memory-limit MB: each mode runs in a memory cgroup of that size with no swap (Linux, needs a writable memory
 * controller), as on a machine with only that much memory; reports the cgroup's peak charge.
 */
const MEMORY_LIMIT_MB = Number(arg('--memory-limit')) || undefined;
/** Where `cloudlab watch` keeps transformed modules and inventories between runs (cli's diskCacheOf). */
const WATCH_DISK_CACHE = join(ROOT, 'node_modules', '.cache', 'cloudlab');

interface Sample {
  mode: Mode;
  labs: string[];
  allMs: number;
  peakTreeMB: number;
  /** The tree's peak PSS: shared pages (node's binary, its libraries) split between the processes sharing them. */
  peakTreePssMB: number;
  /** Who held the memory at the RSS peak, e.g. "main 215, test worker 145". */
  atPeak: string;
  /** With --memory-limit: the cgroup's peak charge, every page counted once. */
  cgroup?: CgroupReport;
  /** With --memory-limit: the peak of anonymous plus mapped memory in the cgroup, sampled every 100 ms. */
  residentPeakMB?: number;
  /** The same three peaks over one warm pass (what the goal names: grading warm). */
  warmPeakTreeMB: number;
  warmPeakTreePssMB: number;
  warmAtPeak: string;
  warmResidentPeakMB?: number;
  /** Per lab (cloudlab only): checks, score and the median save → verdict. */
  perLab: {
    lab: string;
    checks: number;
    score: number;
    maxScore: number;
    savedFile: string;
    /** Save → the verdict of the test files that import the saved file (watch's first answer). */
    saveToFirstVerdictMs?: number;
    /** Save → the whole lab graded. */
    saveToVerdictMs: number;
  }[];
}

async function measure(mode: Mode, labIds: string[]): Promise<Sample> {
  // Two peaks: over the whole child (the first, cold grade included), and over one more warm pass after the
  // timed ones. The timed passes run unsampled: reading every process's smaps costs CPU the grade would feel.
  const peak = new TreePeak();
  let warmPeak: TreePeak | undefined;
  let sampling = true;
  // In the bench's memory cgroup: the most the tree held resident at once, each page once (see memory-cgroup.ts).
  const resident = { all: 0, warm: 0 };
  const sampler = setInterval(() => {
    if (!sampling) return;
    peak.sample(process.pid);
    warmPeak?.sample(process.pid);
    const residentMB = MEMORY_LIMIT_MB ? (ownCgroupResidentMB() ?? 0) : 0;
    resident.all = Math.max(resident.all, residentMB);
    if (warmPeak) resident.warm = Math.max(resident.warm, residentMB);
  }, 100);
  const { discoverLabs, WarmLabGrader, CourseGrader, canShareVitest } = await import('@cloudlab/grader/node');
  const { createVitest } = await import('vitest/node');
  const labs = (await discoverLabs(ROOT)).filter((lab) => labIds.includes(lab.id));
  const regrade: (() => Promise<unknown>)[] = [];
  const close: (() => Promise<void>)[] = [];
  const perLab: Sample['perLab'] = [];
  const solutionOf = (lab: (typeof labs)[number]) => join(lab.dir, 'solution');
  if (mode === 'bare') {
    // The emulator the grader's caller hands in as a global setup (awsGrading) and a lab's own config names none
    // of: without it the checks have no endpoint and fail or skip, and a bare pass timed nothing real.
    const { startProcessEmulator } = await import('@cloudlab/aws-session/vitest-setup');
    const stopEmulator = await startProcessEmulator();
    for (const lab of labs) {
      process.env.CLOUDLAB_LAB_DIR = solutionOf(lab);
      const vitest = await createVitest('test', {
        root: lab.dir,
        config: join(lab.dir, 'vitest.config.ts'),
        watch: false,
        // A silent reporter of our own: with none, Vitest falls back to its default one, which needs start().
        reporters: [{}],
      });
      delete process.env.CLOUDLAB_LAB_DIR;
      const specifications = await vitest.globTestSpecifications();
      regrade.push(() => vitest.runTestSpecifications(specifications, true));
      close.push(() => vitest.close());
    }
    close.push(stopEmulator);
  } else {
    const shared = labs.filter((lab) => canShareVitest(lab));
    if (shared.length > 1) {
      const course = await CourseGrader.open(
        shared.map((lab) => ({ lab, codeDir: solutionOf(lab) })),
        // What the grader picks on a 1 GiB machine (defaultCourseWorkers): one test worker.
        CLOUD9 ? { ...awsGrading, maxWorkers: 1 } : awsGrading,
      );
      regrade.push(() => course.grade());
      close.push(() => course.close());
    }
    for (const lab of labs.filter((candidate) => shared.length <= 1 || !shared.includes(candidate))) {
      const grader = await WarmLabGrader.open(lab, { ...awsGrading, codeDir: solutionOf(lab) });
      regrade.push(() => grader.grade());
      close.push(() => grader.close());
    }
  }
  const times = await warmPasses(regrade, RUNS, () => {
    sampling = false;
  });
  const warm = new TreePeak();
  warmPeak = warm;
  sampling = true;
  for (const step of regrade) await step();
  warmPeak = undefined;
  for (const stop of close) await stop();
  const { rssMB: peakTreeMB, pssMB: peakTreePssMB, atPeak } = peak;
  for (const lab of mode === 'cloudlab' ? labs : []) {
    // What `cloudlab watch` keeps open: one lab's warm grader, one lab at a time, with its disk cache.
    const codeDir = solutionOf(lab);
    const grader = await WarmLabGrader.open(lab, { ...awsGrading, codeDir, diskCache: WATCH_DISK_CACHE });
    // A file the student edits: the first .ts file of the solution, rewritten with the same bytes.
    const first = readdirSync(codeDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.includes('node_modules'))
      .sort()[0];
    if (!first) throw new Error(`bench/labs: no .ts file in ${codeDir}`);
    const file = join(codeDir, first);
    const text = await readFile(file);
    const verdicts: number[] = [];
    const firstVerdicts: number[] = [];
    let result = await grader.grade();
    for (let i = 0; i < RUNS; i++) {
      await writeFile(file, text);
      // What watch does on save: the test files that import the file first, then the whole lab.
      const saved = performance.now();
      if (await grader.gradeAffected([file])) firstVerdicts.push(performance.now() - saved);
      result = await grader.grade([file]);
      verdicts.push(performance.now() - saved);
    }
    await grader.close();
    perLab.push({
      lab: lab.folder,
      checks: result.checks.length,
      score: result.score,
      maxScore: result.maxScore,
      saveToVerdictMs: median(verdicts),
      ...(firstVerdicts.length > 0 ? { saveToFirstVerdictMs: median(firstVerdicts) } : {}),
      savedFile: first,
    });
  }
  clearInterval(sampler);
  return {
    mode,
    labs: labs.map((lab) => lab.id),
    allMs: median(times),
    peakTreeMB,
    peakTreePssMB,
    atPeak,
    perLab,
    warmPeakTreeMB: warm.rssMB,
    warmPeakTreePssMB: warm.pssMB,
    warmAtPeak: warm.atPeak,
    ...(MEMORY_LIMIT_MB ? { residentPeakMB: resident.all, warmResidentPeakMB: resident.warm } : {}),
  };
}

const childMode = arg('--child') as Mode | undefined;
if (childMode) {
  const sample = await measure(childMode, (arg('--lab-ids') ?? '').split(','));
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

/** Starts a mode in a fresh node the way bin/cloudlab.js starts `grade`: Vitest first, then Vite's module runner. */
function child(mode: Mode, labIds: string[]): Sample {
  const launcher = [
    "await import('vitest/node');",
    `const { importThroughVite } = await import(${JSON.stringify(import.meta.resolve('@cloudlab/grader/vite-loader'))});`,
    `await importThroughVite(${JSON.stringify(import.meta.filename)});`,
  ].join('\n');
  const cgroup = MEMORY_LIMIT_MB
    ? MemoryCgroup.create(`cloudlab-bench-${process.pid}-${mode}`, MEMORY_LIMIT_MB)
    : undefined;
  const node = {
    command: process.execPath,
    args: [
      '--input-type=module',
      '-e',
      launcher,
      '--',
      '--child',
      mode,
      '--lab-ids',
      labIds.join(','),
      '--runs',
      String(RUNS),
      ...(CLOUD9 ? ['--cloud9'] : []),
      ...(MEMORY_LIMIT_MB ? ['--memory-limit', String(MEMORY_LIMIT_MB)] : []),
    ],
  };
  const { command, args } = cgroup ? cgroup.wrap(node.command, node.args) : node;
  const run = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    cwd: ROOT,
    env: {
      ...process.env,
      NO_COLOR: '1',
      // Every node of the tree (Vitest's workers inherit NODE_OPTIONS) sizes its heap as on a 1 GiB machine.
      ...(CLOUD9
        ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${ONE_GIB_HEAP.join(' ')}`.trim() }
        : {}),
    },
  });
  const memory = cgroup?.report();
  cgroup?.remove();
  const line = run.stdout?.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    const why = (run.error?.message ?? run.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    const killed = memory?.oomKills
      ? ` (${memory.oomKills} process(es) killed for going past ${memory.limitMB} MB)`
      : '';
    throw new Error(`bench/labs ${mode} failed${killed}: ${why}`);
  }
  return { ...(JSON.parse(line) as Sample), ...(memory ? { cgroup: memory } : {}) };
}

const { discoverLabs } = await import('@cloudlab/grader/node');
const labIds = (await discoverLabs(ROOT)).map((lab) => lab.id).filter((id) => !ONLY || ONLY.includes(id));
const load = () => `load ${loadavg()[0]?.toFixed(2)}`;
console.log(
  `labs ${labIds.join(', ')} warm (solution), median of ${RUNS} after a warm-up, node ${process.version}${CLOUD9 ? ` with ${ONE_GIB_HEAP.join(' ')} (1 GiB machine heap sizes)` : ''}, ${load()}`,
);
const bare = child('bare', labIds);
console.log(
  `bare vitest: all labs ${bare.allMs.toFixed(0)} ms, peak tree RSS ${bare.peakTreeMB.toFixed(0)} MB, PSS ${bare.peakTreePssMB.toFixed(0)} MB  (${load()})`,
);
const ours = child('cloudlab', labIds);
console.log(
  `cloudlab:    all labs ${ours.allMs.toFixed(0)} ms (×${(ours.allMs / bare.allMs).toFixed(2)}), peak tree RSS ${ours.peakTreeMB.toFixed(0)} MB (×${(ours.peakTreeMB / bare.peakTreeMB).toFixed(2)}), PSS ${ours.peakTreePssMB.toFixed(0)} MB (×${(ours.peakTreePssMB / bare.peakTreePssMB).toFixed(2)})  (${load()})`,
);
console.log(`  at the RSS peak (MB): ${ours.atPeak}; bare: ${bare.atPeak}`);
console.log(
  `  a warm pass: peak tree RSS ${ours.warmPeakTreeMB.toFixed(0)} MB (bare ${bare.warmPeakTreeMB.toFixed(0)}), PSS ${ours.warmPeakTreePssMB.toFixed(0)} MB (bare ${bare.warmPeakTreePssMB.toFixed(0)})${ours.warmResidentPeakMB ? `, resident in the cgroup ${ours.warmResidentPeakMB.toFixed(0)} MB (bare ${bare.warmResidentPeakMB?.toFixed(0)})` : ''}; at the peak: ${ours.warmAtPeak}`,
);
if (ours.cgroup && bare.cgroup) {
  console.log(
    `  in a ${ours.cgroup.limitMB} MB memory cgroup without swap: peak charge ${ours.cgroup.peakMB.toFixed(0)} MB (bare ${bare.cgroup.peakMB.toFixed(0)} MB), of it resident (anonymous + mapped, page cache aside) ${ours.residentPeakMB?.toFixed(0)} MB (bare ${bare.residentPeakMB?.toFixed(0)} MB), OOM kills ${ours.cgroup.oomKills} (bare ${bare.cgroup.oomKills})`,
  );
}
console.log('goal: all five labs warm ≤ 5000 ms, ≤ 300 MB; save → verdict ≤ 1000 ms per lab');
for (const s of ours.perLab) {
  console.log(
    `  ${s.lab.padEnd(26)} ${String(s.checks).padStart(3)} checks ${s.score}/${s.maxScore}   save ${s.savedFile} → first verdict ${s.saveToFirstVerdictMs?.toFixed(0) ?? '(all files)'} ms, whole lab ${s.saveToVerdictMs.toFixed(0)} ms`,
  );
}
