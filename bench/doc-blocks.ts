/**
 * What the doc tests (packages/course/src/doc-test/course-docs.test.ts) cost, block by block: runs them with
 * CLOUDLAB_DOC_CPU_LOG set, so each block appends its CPU seconds (bash's `times`: the block's shell and every
 * process it waited for), then prints the costliest blocks, each document's total and the whole run's CPU
 * (the Vitest process tree; a server a block leaves in the background is in neither).
 *
 *   tsx bench/doc-blocks.ts [--top 15] [--keep run.jsonl] [--baseline earlier.jsonl] [--from run.jsonl] [doc…]
 *
 * `doc…` runs only those documents (README.md, labs/02-client-vs-resource/README.md …). `--baseline` prints
 * each document's ratio against a log kept by an earlier run (`--keep`) — of another checkout, or before a
 * change; `--from` prints a kept log without running anything.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuWithReapedSeconds } from './process-cpu.ts';

interface BlockRecord {
  file: string;
  line: number;
  script: string;
  cpuSeconds: number;
  ok: boolean;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`doc-blocks: ${name} needs a value`);
    process.exit(2);
  }
  args.splice(at, 2);
  return value;
};
const top = Number(option('--top') ?? 15);
const keep = option('--keep');
const baselineLog = option('--baseline');
const from = option('--from');
const documents = args;

const course = join(import.meta.dirname, '..', 'packages', 'course');
let records: BlockRecord[];
if (from) {
  records = readLog(from);
} else {
  const work = mkdtempSync(join(tmpdir(), 'cloudlab-doc-blocks-'));
  const log = join(work, 'blocks.jsonl');
  const before = cpuWithReapedSeconds();
  // Vitest's -t matches a test's full name, which starts with its document's path.
  const only = documents.length > 0 ? ['-t', `^(${documents.map(escapeRegExp).join('|')}) `] : [];
  const run = spawnSync(
    process.execPath,
    [
      join(course, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      'src/doc-test/course-docs.test.ts',
      ...only,
    ],
    {
      cwd: course,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CLOUDLAB_DOC_CPU_LOG: log },
    },
  );
  const total = cpuWithReapedSeconds() - before;
  records = existsSync(log) ? readLog(log) : [];
  if (keep && existsSync(log)) copyFileSync(log, keep);
  rmSync(work, { recursive: true, force: true });
  console.log(`\ndoc tests: exit ${run.status}, ${total.toFixed(1)} s CPU for the whole Vitest run`);
}

const sum = (list: readonly BlockRecord[]) => list.reduce((all, record) => all + record.cpuSeconds, 0);
console.log(`${records.length} blocks ran: ${sum(records).toFixed(1)} s CPU in their shells`);
console.log(`\nthe ${top} costliest blocks (CPU s, document:line, first line):`);
for (const record of [...records].sort((a, b) => b.cpuSeconds - a.cpuSeconds).slice(0, top)) {
  const first = record.script.split('\n')[0]?.slice(0, 70);
  console.log(
    `${record.cpuSeconds.toFixed(1).padStart(7)}  ${`${record.file}:${record.line}`.padEnd(42)} ${first}`,
  );
}

const baseline = baselineLog ? readLog(baselineLog) : undefined;
console.log(`\nby document (CPU s${baseline ? ', baseline, ratio' : ''}):`);
for (const file of [...new Set(records.map((record) => record.file))]) {
  const now = sum(records.filter((record) => record.file === file));
  const then = baseline && sum(baseline.filter((record) => record.file === file));
  const ratio = then ? `  ${then.toFixed(1).padStart(7)}  ×${(now / then).toFixed(2)}` : '';
  console.log(`${now.toFixed(1).padStart(7)}${ratio}  ${file}`);
}
if (baseline) {
  const ran = new Set(records.map((record) => record.file));
  const then = sum(baseline.filter((record) => ran.has(record.file)));
  console.log(
    `all blocks: ${sum(records).toFixed(1)} s against ${then.toFixed(1)} s: ×${(sum(records) / then).toFixed(2)}`,
  );
}
const failed = records.filter((record) => !record.ok);
if (failed.length > 0) {
  console.log(`\n${failed.length} blocks failed: ${failed.map((r) => `${r.file}:${r.line}`).join(', ')}`);
  process.exitCode = 1;
}

function readLog(file: string): BlockRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BlockRecord);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
