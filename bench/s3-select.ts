/**
 * S3 Select engine benchmark. Every figure is printed next to a baseline measured in the same process:
 *  - the engine (filter query and aggregate query) over a deterministic 50 MB CSV streamed in 64 KiB chunks,
 *  - csv-parse + a JS filter (the library a hand-written CSV scan has to beat, goal ≥ 2×),
 *  - DuckDB's read_csv (a native columnar engine, goal ≥ 0.25×; single-threaded, like the engine),
 *  - the filter query over the same data gzipped (goal ≤ 1.5× plain).
 * `--memory-gb N` instead measures peak RSS (goal ≤ 100 MB for 1 GB) with the filter query over N GB of generated
 * CSV: select() over the generator (next to the bare generator as baseline) and over the same CSV as a file, then
 * the emulator (a --data-dir store)
 * answering SelectObjectContent to the SDK. Each runs in a child process on plain node, under this machine's heap
 * defaults and under those node picks on a 1 GiB machine (see HEAPS). `--no-emulator` skips the emulator part.
 *
 * Run: pnpm exec tsx bench/s3-select.ts [--mb 50] [--rounds 5] | [--memory-gb 1 [--no-emulator]]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { select } from '@cloudlab/s3-select';
import { loadDuckdb } from './load-duckdb.ts';
import { statusMB } from './process-memory.ts';

const FILTER = 'SELECT * FROM S3Object s WHERE CAST(s.amount AS FLOAT) > 500';
const AGGREGATE = 'SELECT COUNT(*), SUM(CAST(amount AS FLOAT)) FROM S3Object';
const CHUNK = 64 * 1024;

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : Number(process.argv[i + 1]);
}

/** mulberry32: a tiny seeded PRNG, so every run reads the same bytes. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = 'id,customer,category,amount,placed_at,note\n';
const CATEGORIES = ['books', 'garden', 'toys', 'music', 'tools', 'food'];

/** Rows of plausible order data, ~80 bytes each; one in twenty has a quoted note with a comma. */
function* rows(seed: number): Generator<string> {
  const next = random(seed);
  for (let id = 1; ; id++) {
    const amount = (next() * 1000).toFixed(2);
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    const note = next() < 0.05 ? '"gift, wrapped"' : 'standard';
    const category = CATEGORIES[Math.floor(next() * CATEGORIES.length)];
    yield `${id},customer-${Math.floor(next() * 100000)},${category},${amount},2026-03-${day}T10:00:00Z,${note}\n`;
  }
}

function generate(bytes: number): Buffer {
  const parts: string[] = [HEADER];
  let size = HEADER.length;
  for (const row of rows(42)) {
    if (size + row.length > bytes) break;
    parts.push(row);
    size += row.length;
  }
  return Buffer.from(parts.join(''));
}

async function* chunks(data: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function engine(expression: string, data: Buffer, compression: 'NONE' | 'GZIP' = 'NONE') {
  const result = select({
    expression,
    input: chunks(data),
    inputSerialization: { CSV: { FileHeaderInfo: 'USE' }, CompressionType: compression },
    outputSerialization: { CSV: {} },
  });
  let bytes = 0;
  let last = '';
  for await (const chunk of result.records) {
    bytes += chunk.length;
    last = Buffer.from(chunk).toString();
  }
  // Only the aggregate's one-line answer is worth printing.
  return { bytes, last: last.length < 100 ? last.trim() : '' };
}

/**
 * csv-parse streaming + the same filter in JS, writing the matching rows back as CSV text the way the engine
 * does (quoted only as needed, joined into 64 KiB output chunks).
 */
async function csvParseFilter(data: Buffer) {
  const { parse } = await import('csv-parse');
  const parser = Readable.from(chunks(data)).pipe(parse({ from_line: 2 }));
  let bytes = 0;
  let parts: string[] = [];
  let chars = 0;
  const quote = (f: string) => (f.includes(',') || f.includes('"') ? `"${f.replaceAll('"', '""')}"` : f);
  for await (const record of parser as AsyncIterable<string[]>) {
    if (Number(record[3]) > 500) {
      const line = `${record.map(quote).join(',')}\n`;
      parts.push(line);
      chars += line.length;
      if (chars >= CHUNK) {
        bytes += Buffer.from(parts.join('')).length;
        parts = [];
        chars = 0;
      }
    }
  }
  bytes += Buffer.from(parts.join('')).length;
  return { bytes };
}

/** DuckDB over the same bytes (from a temp file, as read_csv needs one), single-threaded like the engine. */
async function openDuckdb(data: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-s3-select-'));
  const file = join(dir, 'orders.csv');
  writeFileSync(file, data);
  // Loaded here, not at the top, so the --memory-gb run measures the engine without DuckDB's native library.
  const { DuckDBInstance } = await loadDuckdb();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  return {
    filter: () =>
      connection.run(
        `COPY (SELECT * FROM read_csv('${file}', header = true) WHERE amount > 500) ` +
          `TO '${join(dir, 'out.csv')}' (FORMAT CSV, HEADER false)`,
      ),
    aggregate: async () => {
      const reader = await connection.runAndReadAll(
        `SELECT COUNT(*), SUM(amount) FROM read_csv('${file}', header = true)`,
      );
      return String(reader.getRows()[0]);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const mbps = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(1);
const rssMb = () => String(peakRss());

async function speed(mb: number, rounds: number) {
  const data = generate(mb * 1024 * 1024);
  const gz = gzipSync(data);
  const duck = await openDuckdb(data);
  console.log(
    `S3 Select bench: ${(data.length / 1024 / 1024).toFixed(1)} MB CSV in ${CHUNK / 1024} KiB chunks, ` +
      `best of ${rounds} interleaved rounds`,
  );
  const contenders: Record<string, () => Promise<unknown>> = {
    'engine: filter': () => engine(FILTER, data),
    'engine: aggregate': () => engine(AGGREGATE, data),
    'engine: filter over GZIP': () => engine(FILTER, gz, 'GZIP'),
    'csv-parse + JS filter': () => csvParseFilter(data),
    'duckdb read_csv: filter': duck.filter,
    'duckdb read_csv: aggregate': duck.aggregate,
  };
  // Interleaving the contenders round by round spreads the noise of a shared machine evenly over all of them.
  const best: Record<string, { ms: number; value: unknown }> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const r = await time(fn);
      const previous = best[name];
      if (!previous || r.ms < previous.ms) best[name] = r;
    }
  }
  duck.close();
  const engineFilter = best['engine: filter'] as { ms: number; value: { bytes: number } };
  const baseline = best['csv-parse + JS filter'] as { ms: number; value: { bytes: number } };
  if (baseline.value.bytes !== engineFilter.value.bytes) {
    throw new Error(
      `engine and csv-parse disagree: ${engineFilter.value.bytes} vs ${baseline.value.bytes} bytes out`,
    );
  }
  for (const [name, r] of Object.entries(best)) {
    const note = typeof r.value === 'string' ? r.value : ((r.value as { last?: string })?.last ?? '');
    console.log(
      `  ${name.padEnd(28)} ${r.ms.toFixed(0).padStart(6)} ms  ${mbps(data.length, r.ms).padStart(7)} MB/s  ${note}`,
    );
  }
  const ms = (name: string) => (best[name] as { ms: number }).ms;
  const ratio = (label: string, a: number, b: number, goal: string) =>
    console.log(`  ${label.padEnd(34)} ${(a / b).toFixed(2)}×   goal ${goal}`);
  ratio('engine vs csv-parse (filter)', ms('csv-parse + JS filter'), ms('engine: filter'), '≥ 2');
  ratio('engine vs duckdb (filter)', ms('duckdb read_csv: filter'), ms('engine: filter'), '≥ 0.25');
  ratio('engine vs duckdb (aggregate)', ms('duckdb read_csv: aggregate'), ms('engine: aggregate'), '≥ 0.25');
  ratio('gzip / plain time (filter)', ms('engine: filter over GZIP'), ms('engine: filter'), '≤ 1.5');
  console.log(
    `  peak RSS of the whole bench process: ${rssMb()} MB (it holds the input, its gzip and DuckDB)`,
  );
}

/** `gb` GB of generated CSV in 64 KiB chunks, made as it is read, so no run ever holds it whole. */
async function* generatedCsv(gb: number): AsyncGenerator<Uint8Array> {
  const target = gb * 1024 * 1024 * 1024;
  let size = 0;
  let batch: string[] = [HEADER];
  let chars = HEADER.length;
  for (const row of rows(7)) {
    batch.push(row);
    chars += row.length;
    if (chars >= CHUNK) {
      const chunk = Buffer.from(batch.join(''));
      size += chunk.length;
      yield chunk;
      batch = [];
      chars = 0;
      if (size >= target) return;
    }
  }
}

/**
 * The memory run. RSS is measured in child processes on plain node over an esbuild bundle of this file, as the
 * emulator ships: tsx would add ~45 MB of its own (its loader thread and esbuild service) to every figure.
 * Each figure is printed twice, under the heap defaults node picks on this machine and those it picks on a
 * 1 GiB machine (Cloud9): node sizes the heap from physical memory, and V8 sizes the young generation from
 * the heap — 16 MB semi-spaces here (32 MB of RSS that any long, allocation-heavy scan fills), 4 MB there.
 * The 1 GiB flags are what node chose by itself inside a 1 GiB memory cgroup (heap limit 524 MB).
 */
const HEAPS = [
  { label: 'this machine', flags: [] as string[] },
  { label: '1 GiB machine', flags: ['--max-old-space-size=512', '--max-semi-space-size=4'] },
];

async function memory(gb: number) {
  const bundle = await bundleSelf();
  const load = os.loadavg().map((l) => l.toFixed(1));
  console.log(
    `S3 Select memory: ${gb} GB of generated CSV, filter query (${FILTER}); peak RSS of child processes ` +
      `on plain node ${process.version}; this machine has ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB; ` +
      `load average ${load.join(' ')}`,
  );
  console.log(`  ${''.padEnd(46)} ${HEAPS.map((h) => h.label.padStart(16)).join(' ')}`);
  const row = (label: string, values: string[]) =>
    console.log(`  ${label.padEnd(46)} ${values.map((v) => v.padStart(16)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-s3-select-memory-'));
  try {
    const file = join(dir, 'orders.csv');
    await pipeline(Readable.from(generatedCsv(gb)), createWriteStream(file));
    const runs = {
      generate: [] as EngineFigures[],
      select: [] as EngineFigures[],
      file: [] as EngineFigures[],
    };
    for (const heap of HEAPS) {
      for (const mode of ['generate', 'select', 'file'] as const)
        runs[mode].push(await engineRun(bundle, heap.flags, mode, ['--gb', String(gb), '--file', file]));
    }
    const mb = (figures: EngineFigures[]) => figures.map((f) => `${f.peakRssMb} MB`);
    const rate = (figures: EngineFigures[]) => figures.map((f) => `${mbps(f.bytesScanned, f.ms)} MB/s`);
    // The generator is an async generator building strings row by row: its own garbage is most of what gets
    // promoted to V8's old generation in the select() run, so the file run is the engine's figure.
    row('baseline: the input generator alone', mb(runs.generate));
    row('select() over the generator', mb(runs.select));
    row('  scan rate, generator included', rate(runs.select));
    row('select() over the same CSV as a file (≤ 100 MB)', mb(runs.file));
    row('  scan rate', rate(runs.file));
    if (process.argv.includes('--no-emulator')) return;

    const figures: EmulatorFigures[] = [];
    await uploadObject(bundle, join(dir, 'data'), file);
    rmSync(file);
    for (const heap of HEAPS) figures.push(await emulatorRun(bundle, heap.flags, join(dir, 'data')));
    row(
      'emulator idle (fresh start, object on disk)',
      figures.map((f) => `${f.idleRssMb} MB`),
    );
    row(
      'emulator during SelectObjectContent (≤ 100 MB)',
      figures.map((f) => `${f.peakRssMb} MB`),
    );
    row('  through the SDK, event stream read', rate(figures));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface EngineFigures {
  peakRssMb: number;
  ms: number;
  bytesScanned: number;
}
interface EmulatorFigures extends EngineFigures {
  idleRssMb: number;
}

async function bundleSelf(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(import.meta.dirname, 'node_modules', '.cache', 's3-select-bench', 'bench.mjs');
  await build({
    entryPoints: [import.meta.filename],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Only the parent uses these; left out, they resolve from bench/node_modules next to the bundle.
    external: ['@aws-sdk/client-s3', 'csv-parse', 'esbuild'],
    // CommonJS dependencies call require(); an ES module bundle has to provide it.
    banner: {
      js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
    },
  });
  return outfile;
}

async function engineRun(bundle: string, flags: string[], mode: string, args: string[]) {
  const child = spawn(process.execPath, [...flags, bundle, '--child', mode, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`the ${mode} child exited with ${code}`);
  return JSON.parse(out) as EngineFigures;
}

/** In a child: the generator alone, or the filter query over it or over a file; prints its figures as JSON. */
async function engineChild(gb: number, mode: string, file: string) {
  const start = performance.now();
  let bytesScanned = 0;
  if (mode === 'select' || mode === 'file') {
    const result = select({
      expression: FILTER,
      input: mode === 'file' ? { path: file } : generatedCsv(gb),
      inputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
      outputSerialization: { CSV: {} },
    });
    for await (const _ of result.records);
    bytesScanned = result.stats().bytesScanned;
  } else {
    for await (const chunk of generatedCsv(gb)) bytesScanned += chunk.length;
  }
  const figures: EngineFigures = { peakRssMb: peakRss(), ms: performance.now() - start, bytesScanned };
  process.stdout.write(JSON.stringify(figures));
}

/** In a child: an emulator on a data dir, announced as a JSON line, stopped when stdin closes. */
async function emulatorChild(dataDir: string) {
  const { startEmulator } = await import('@cloudlab/emulator');
  const emulator = await startEmulator({ dataDir });
  const { endpoint, region, credentials } = emulator;
  process.stdout.write(`${JSON.stringify({ endpoint, region, credentials })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void emulator.stop().then(() => process.exit(0)));
}

/** Runs `fn` against an emulator child on `dataDir` started with `flags`, then stops it. */
async function withEmulator<T>(
  bundle: string,
  flags: string[],
  dataDir: string,
  fn: (s3: S3Client, pid: number) => Promise<T>,
): Promise<T> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const child = spawn(process.execPath, [...flags, bundle, '--child', 'emulator', '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string];
    const { endpoint, region, credentials } = JSON.parse(line);
    const s3 = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
    try {
      return await fn(s3, child.pid as number);
    } finally {
      s3.destroy();
    }
  } finally {
    child.stdin.end();
    await once(child, 'exit');
  }
}

async function uploadObject(bundle: string, dataDir: string, file: string): Promise<void> {
  const { CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  await withEmulator(bundle, [], dataDir, async (s3) => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const Body = createReadStream(file);
    await s3.send(
      new PutObjectCommand({ Bucket: 'bench', Key: 'orders.csv', Body, ContentLength: statSync(file).size }),
    );
  });
}

/**
 * A fresh emulator child under `flags` (the upload ran in another, so its garbage is not counted) runs the filter
 * query for the SDK's SelectObjectContentCommand; the child's peak RSS during the query is read from /proc.
 */
async function emulatorRun(bundle: string, flags: string[], dataDir: string): Promise<EmulatorFigures> {
  const { SelectObjectContentCommand } = await import('@aws-sdk/client-s3');
  return withEmulator(bundle, flags, dataDir, async (s3, pid) => {
    const idleRssMb = Math.round(statusMB(pid, 'VmRSS'));
    // Linux: "5" resets the peak RSS (VmHWM) to the current RSS, so the peak read afterwards is the query's.
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const start = performance.now();
    const response = await s3.send(
      new SelectObjectContentCommand({
        Bucket: 'bench',
        Key: 'orders.csv',
        Expression: FILTER,
        ExpressionType: 'SQL',
        InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
        OutputSerialization: { CSV: {} },
      }),
    );
    let bytesScanned = 0;
    for await (const event of response.Payload ?? []) {
      if (event.Stats?.Details) bytesScanned = Number(event.Stats.Details.BytesScanned);
    }
    const ms = performance.now() - start;
    return { idleRssMb, peakRssMb: Math.round(statusMB(pid, 'VmHWM')), ms, bytesScanned };
  });
}

const peakRss = () => Math.round(process.resourceUsage().maxRSS / 1024);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const childMode = option('child');
const gb = arg('memory-gb');
if (childMode === 'emulator') await emulatorChild(option('data-dir') as string);
else if (childMode) await engineChild(Number(option('gb')), childMode, option('file') as string);
else if (gb !== undefined) await memory(gb);
else await speed(arg('mb') ?? 50, arg('rounds') ?? 5);
