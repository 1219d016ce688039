/**
 * Grading overhead: cloudlab's grader against a bare Vitest run of the same fixture labs, measured in the
 * same run, each in its own child process (so peak RSS is that mode's own):
 *  - cold: `gradeLabs` (discovery, integrity, scoring, watchdog) vs `createVitest` + run + close per lab,
 *  - warm: one re-grade on a warm `WarmLabGrader` (what `cloudlab watch` does on save) vs a re-run on a warm
 *    Vitest instance (median of RUNS).
 * Fixture labs: the grader's 01-basics (partial credit), 03-broken (syntax error), 04-offline (environment).
 * On a shared 2-core machine, expect ±20 %.
 *
 * Run: pnpm exec tsx bench/grade.ts [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { awsGrading } from '@cloudlab/aws-session/grading';
import { median, warmPasses } from './warm-median.ts';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const FIXTURES = join(import.meta.dirname, '../packages/grader/test/fixtures');
const LABS = ['01', '03', '04'];
type Mode = 'bare-cold' | 'cloudlab-cold' | 'bare-warm' | 'cloudlab-warm';

interface Sample {
  mode: Mode;
  ms: number;
  peakRssMB: number;
}

async function measure(mode: Mode): Promise<number> {
  const { discoverLabs, gradeLabs, WarmLabGrader } = await import('@cloudlab/grader/node');
  const { createVitest } = await import('vitest/node');
  const labs = (await discoverLabs(FIXTURES)).filter((lab) => LABS.includes(lab.id));
  const bare = async (labDir: string) => {
    process.env.CLOUDLAB_LAB_DIR = join(labDir, 'starter');
    return createVitest('test', {
      root: labDir,
      config: join(labDir, 'vitest.config.ts'),
      watch: false,
      reporters: [{}],
    });
  };
  if (mode === 'cloudlab-cold') {
    const started = performance.now();
    await gradeLabs(labs, { ...awsGrading, variant: 'starter' });
    return performance.now() - started;
  }
  if (mode === 'bare-cold') {
    const started = performance.now();
    for (const lab of labs) {
      const vitest = await bare(lab.dir);
      await vitest.start();
      await vitest.close();
    }
    return performance.now() - started;
  }
  // Warm: open once per lab, grade once to warm up, then time RUNS re-runs of every lab.
  const rerun: (() => Promise<unknown>)[] = [];
  const close: (() => Promise<void>)[] = [];
  for (const lab of labs) {
    if (mode === 'cloudlab-warm') {
      const grader = await WarmLabGrader.open(lab, { ...awsGrading, codeDir: join(lab.dir, 'starter') });
      rerun.push(() => grader.grade());
      close.push(() => grader.close());
    } else {
      const vitest = await bare(lab.dir);
      const specifications = await vitest.globTestSpecifications();
      rerun.push(() => vitest.runTestSpecifications(specifications, true));
      close.push(() => vitest.close());
    }
  }
  const times = await warmPasses(rerun, RUNS);
  for (const stop of close) await stop();
  return median(times);
}

function child(mode: Mode): Sample {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--child', mode, '--runs', String(RUNS)],
    {
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{'))
    throw new Error(`bench/grade ${mode} failed: ${run.stderr.slice(-500)}`);
  return JSON.parse(line) as Sample;
}

const childMode = process.argv[process.argv.indexOf('--child') + 1] as Mode | undefined;
if (process.argv.includes('--child') && childMode) {
  const ms = await measure(childMode);
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ mode: childMode, ms, peakRssMB })}\n`);
  process.exit(0);
}

const samples = Object.fromEntries(
  (['bare-cold', 'cloudlab-cold', 'bare-warm', 'cloudlab-warm'] as const).map((mode) => [mode, child(mode)]),
) as Record<Mode, Sample>;
const row = (label: string, bare: Sample, ours: Sample) =>
  `${label.padEnd(22)} bare ${bare.ms.toFixed(0).padStart(6)} ms ${bare.peakRssMB.toFixed(0).padStart(4)} MB   cloudlab ${ours.ms.toFixed(0).padStart(6)} ms ${ours.peakRssMB.toFixed(0).padStart(4)} MB   time ×${(ours.ms / bare.ms).toFixed(2)}  rss ×${(ours.peakRssMB / bare.peakRssMB).toFixed(2)}`;
console.log(`grade ${LABS.length} fixture labs (starter), ${RUNS} warm runs, node ${process.version}`);
console.log(row('cold (start → result)', samples['bare-cold'], samples['cloudlab-cold']));
console.log(row('warm re-grade (median)', samples['bare-warm'], samples['cloudlab-warm']));
