/**
 * Emulator throughput and footprint, each figure next to a baseline measured in the same run:
 *  - SSM GetParameter and PutParameter req/s at concurrency 8, against a bare node:http server that answers
 *    a fixed body (the loopback ceiling of this machine; goal: Get ≥ 0.5×),
 *  - the same GetParameter against a second bare server that answers at the end of each event-loop turn:
 *    the emulator's front door checks and answers the requests that arrive together in one batch per turn
 *    (src/core/turn-batch.ts), and this shows how much of its figure is that scheduling, not its own code,
 *  - S3 GetObject (1 KiB) req/s against the same ceiling and against s3rver (a JS S3 emulator) as a peer,
 *    and S3 ListObjectsV2 of 50 keys (`s3-list`: the REST-XML adapter's document writer),
 *  - idle RSS of the emulator as `cloudlab emulator` runs it on plain node (bin/standalone.mjs; goal ≤ 60 MB),
 *    next to a bare node process's and to the CLI's tsx route with its child processes.
 * Every server runs in its own child process, and so does each case's load client (emulator-load-client.ts):
 * a lean replayer of one request signed in advance (signed-request.ts), so that the client costs a small share of a core and the figures measure the
 * servers. The emulator still verifies every replayed request's signature in full. Each case is warmed,
 * then measured in `--rounds` rounds that alternate the order of the cases (forward, then backward), and
 * every ratio is taken within a round: the median and the spread (min–max) over rounds are printed.
 * On a shared 2-core machine read the "by CPU" ratios first: server CPU per request is what the machine's
 * load skews least.
 *
 * Run: pnpm exec tsx bench/emulator.ts [--seconds 2] [--rounds 6] [--cases ceiling,turn,get,put,s3,s3rver]
 *      [--compare path/to/cli-main.mjs] [--profile DIR] [--ladder]
 * The "kernel" column is the system-mode share of CPU/req: on loopback the reply's writev also runs the
 * client side's TCP receive, so a CPU profile's writev share (wall time, on a loaded box) overstates it.
 * --profile DIR runs the emulator (and any rung) under `node --cpu-prof` and leaves the profiles in DIR.
 * --ladder adds the ablation ladder's rungs (emulator-ladder-server.ts; rung-0 … rung-g, also selectable one by
 * one in --cases):
 * ceiling-like servers that each add one layer of what the emulator does for a GetParameter, all fed the
 * same signed request, and prints each server's answer size and header count beside its figures.
 * --compare adds the case `compare`: GetParameter against a second emulator started from another build's
 * (and `compare-s3` / `compare-s3-list` when the S3 cases run: the same S3 requests against that build)
 * bundle entry (copy a build folder out of packages/emulator/node_modules/.cache/cloudlab-emulator first),
 * for an A/B of two versions in one run. --compare-flags="--flag …" starts that emulator with node flags (with
 * --compare pointing at the current build, an A/B of the flags alone).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { bundleForLadder, type LadderSetup, RUNGS, rungArgs } from './emulator-ladder-server.ts';
import { type AnswerShape, CONCURRENCY, LoadClient, probe } from './emulator-load-client.ts';
import { cpuTimes } from './process-cpu.ts';
import { statusMB, treeRssMB } from './process-memory.ts';
import { type Prepared, rawRequest, send, signed } from './signed-request.ts';
import { median } from './warm-median.ts';

const WARMUP_SECONDS = 2;
const GOALS = { ssmGetVsCeiling: 0.5, idleRssMB: 60 };
const ALL_CASES = ['ceiling', 'turn', 'get', 'put', 's3', 's3-list', 's3rver'];
/** Keys in the bucket the s3-list case lists. */
const LISTED_KEYS = 50;

const ROOT = join(import.meta.dirname, '..');
const children: ChildProcess[] = [];
let scratch: string | undefined;

/**
 * Stops every child and waits for them (5 s at most): the emulator stops cleanly on SIGTERM, which is when
 * a run with --profile writes its profile.
 */
async function cleanup(): Promise<void> {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  const bound = setTimeout(() => {
    for (const child of running) child.kill('SIGKILL');
  }, 5000);
  await Promise.all(exited);
  clearTimeout(bound);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

/** Spawns a node child and resolves with the first line it prints (its port or connection JSON). */
async function spawnNode(args: string[], cwd = ROOT): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  return { child, line };
}

interface Case {
  client: LoadClient;
  /** The server process, whose CPU time per request is the figure the machine's load skews least. */
  pid: number;
}

/** One case in one round. */
interface Sample {
  rps: number;
  cpuUs: number;
  /** The kernel's share of cpuUs: on loopback the send syscall also runs the receiving side's TCP work. */
  systemUs: number;
  clientCpuUs: number;
  clientCores: number;
}

/**
 * Every case in `rounds` rounds, forward in even rounds and backward in odd ones, so that neither the
 * ceiling nor a case always runs first after a pause, and a shift in the machine's load (other processes
 * on a shared box) lands on both sides of each ratio.
 */
async function measure(
  cases: Record<string, Case>,
  rounds: number,
  seconds: number,
): Promise<Record<string, Sample[]>> {
  // Warm every case first: a server's first seconds under load go to JIT-compiling its request path,
  // which says nothing of the steady state a long-running emulator serves in.
  for (const { client } of Object.values(cases)) await client.run(WARMUP_SECONDS);
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const names = Object.keys(cases);
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const { client, pid } = cases[name]!;
      const cpuBefore = cpuTimes(pid);
      const report = await client.run(seconds);
      const after = cpuTimes(pid);
      const system = after.system - cpuBefore.system;
      const cpu = after.user - cpuBefore.user + system;
      samples[name]![round] = {
        rps: report.done / report.elapsed,
        cpuUs: (cpu / report.done) * 1e6,
        systemUs: (system / report.done) * 1e6,
        clientCpuUs: (report.cpuSeconds / report.done) * 1e6,
        clientCores: report.cpuSeconds / report.elapsed,
      };
    }
  }
  return samples;
}

/** "0.45 (0.41–0.52)": the median over rounds and the spread. */
function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(2)} (${sorted[0]!.toFixed(2)}–${sorted[sorted.length - 1]!.toFixed(2)})`;
}

const CEILING_SERVER = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{"Parameter":{}}')); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

/** The ceiling, answering at the end of the event-loop turn as the emulator's front door does. */
const TURN_CEILING_SERVER = `const { setImmediate } = require('node:timers');
require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => setImmediate(() => s.end('{"Parameter":{}}'))); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

const S3RVER_SERVER = `import('s3rver').then(async ({ default: S3rver }) => {
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: process.argv[1], configureBuckets: [{ name: 'bench' }] });
  const { port } = await server.run();
  console.log(port);
});`;

interface Connection {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** An emulator from a bundle entry, its GetParameter request signed, the parameter put. */
async function emulatorWithParameter(args: string[]) {
  const emulator = await spawnNode(args);
  const connection = JSON.parse(emulator.line) as Connection;
  const credentials = { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey };
  const ssm = (operation: string, body: object) =>
    signed(
      connection.endpoint,
      'ssm',
      credentials,
      'POST',
      '/',
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${operation}` },
      JSON.stringify(body),
    );
  const put = await ssm('PutParameter', {
    Name: '/bench/param',
    Value: 'x'.repeat(64),
    Type: 'String',
    Overwrite: true,
  });
  const status = await send(new Agent(), put);
  if (status !== 200) throw new Error(`PutParameter answered ${status}`);
  const get = await ssm('GetParameter', { Name: '/bench/param' });
  return { server: emulator, connection, credentials, put, get };
}

/** S3's bench requests on an emulator: a bucket with a 1 KiB object and LISTED_KEYS small ones, signed. */
async function s3Requests(connection: Connection, credentials: Omit<Connection, 'endpoint'>) {
  const agent = new Agent();
  const { endpoint } = connection;
  const put = async (path: string, body?: string) => {
    const status = await send(agent, await signed(endpoint, 's3', credentials, 'PUT', path, {}, body));
    if (status !== 200) throw new Error(`PUT ${path} answered ${status}`);
  };
  await put('/bench');
  await put('/bench/one-kib', 'x'.repeat(1024));
  for (let i = 0; i < LISTED_KEYS; i++) await put(`/bench/listed/key-${String(i).padStart(3, '0')}`, 'x');
  return {
    get: await signed(endpoint, 's3', credentials, 'GET', '/bench/one-kib', {}),
    list: await signed(endpoint, 's3', credentials, 'GET', '/bench?list-type=2&prefix=listed%2F', {}),
  };
}

async function main(): Promise<void> {
  const { values: options } = parseArgs({
    options: {
      seconds: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '6' },
      cases: { type: 'string', default: ALL_CASES.join(',') },
      compare: { type: 'string' },
      'compare-flags': { type: 'string', default: '' },
      profile: { type: 'string' },
      ladder: { type: 'boolean' },
    },
  });
  const seconds = Number(options.seconds);
  const rounds = Number(options.rounds);
  const chosen = new Set(options.cases.split(','));
  chosen.add('ceiling');
  // The GetParameter A/B runs beside the get case it is a ratio of.
  if (options.compare && chosen.has('get')) chosen.add('compare');
  if (options.compare && chosen.has('s3')) chosen.add('compare-s3');
  if (options.compare && chosen.has('s3-list')) chosen.add('compare-s3-list');
  if (options.ladder) for (const rung of Object.keys(RUNGS)) chosen.add(rung);

  // Hard bound: the run never outlives its planned length by more than three minutes (the servers' start and
  // the S3 cases' setup take most of that at a load average of 30), whatever the load.
  const planned = chosen.size * (WARMUP_SECONDS + rounds * seconds) + 180;
  setTimeout(() => {
    process.stderr.write(`bench/emulator: stopped after ${planned} s\n`);
    cleanup().finally(() => process.exit(1));
  }, planned * 1000).unref();

  const loadBefore = loadavg()[0]!;
  const ceiling = await spawnNode(['-e', CEILING_SERVER]);
  const ceilingUrl = `http://127.0.0.1:${ceiling.line}`;
  // The emulator as `cloudlab emulator` runs it on plain node: bin/standalone.mjs, an esbuild bundle of
  // src/cli-main.ts built on first use (built here before the clock starts, so the figures are of a warm cache).
  const profile = options.profile ? ['--cpu-prof', '--cpu-prof-dir', options.profile] : [];
  const emulator = await emulatorWithParameter([
    ...profile,
    'packages/emulator/bin/standalone.mjs',
    'emulator',
    '--json',
  ]);
  const emulatorPid = emulator.server.child.pid!;

  // Baselines for the idle figures: an idle tsx process, and the CLI's own route (`node
  // packages/cli/bin/cloudlab.js emulator`: tsx plus commander), counted with its child processes.
  const idleTsx = await spawnNode([
    '--import',
    'tsx',
    '-e',
    "console.log('ready'); setInterval(() => {}, 60_000);",
  ]);
  const viaCli = await spawnNode(['packages/cli/bin/cloudlab.js', 'emulator', '--json']);
  await new Promise((r) => setTimeout(r, 2000)); // let start-up garbage settle before reading idle RSS
  const idleRss = statusMB(emulatorPid, 'VmRSS');
  const bareRss = statusMB(ceiling.child.pid!, 'VmRSS');
  const tsxRss = statusMB(idleTsx.child.pid!, 'VmRSS');
  const cliTreeRss = treeRssMB(viaCli.child.pid!);
  idleTsx.child.kill('SIGKILL');
  viaCli.child.kill('SIGKILL');

  const requests: Record<string, { req: Prepared; pid: number }> = {
    ceiling: { req: { ...emulator.get, url: new URL('/', ceilingUrl) }, pid: ceiling.child.pid! },
    get: { req: emulator.get, pid: emulatorPid },
    put: { req: emulator.put, pid: emulatorPid },
  };
  if (chosen.has('turn')) {
    const turnCeiling = await spawnNode(['-e', TURN_CEILING_SERVER]);
    requests.turn = {
      req: { ...emulator.get, url: new URL('/', `http://127.0.0.1:${turnCeiling.line}`) },
      pid: turnCeiling.child.pid!,
    };
  }
  if (options.compare) {
    const flags = options['compare-flags'].split(' ').filter(Boolean);
    const other = await emulatorWithParameter([...flags, options.compare, '--json']);
    requests.compare = { req: other.get, pid: other.server.child.pid! };
    if (chosen.has('compare-s3') || chosen.has('compare-s3-list')) {
      const s3 = await s3Requests(other.connection, other.credentials);
      requests['compare-s3'] = { req: s3.get, pid: other.server.child.pid! };
      requests['compare-s3-list'] = { req: s3.list, pid: other.server.child.pid! };
    }
  }
  const shapes: Record<string, AnswerShape> = {};
  const rungs = Object.keys(RUNGS).filter((rung) => chosen.has(rung));
  if (rungs.length > 0) {
    const getBytes = rawRequest(emulator.get);
    const emulatorPort = Number(emulator.get.url.port);
    shapes.get = await probe(emulatorPort, getBytes);
    shapes.ceiling = await probe(Number(ceiling.line), getBytes);
    const setup: LadderSetup = { ...emulator.credentials, reply: JSON.parse(shapes.get.body) };
    scratch ??= mkdtempSync(join(tmpdir(), 'cloudlab-bench-'));
    const ladderEntry = await bundleForLadder(scratch);
    for (const rung of rungs) {
      const server = await spawnNode([...profile, ...rungArgs(ladderEntry, rung, setup)]);
      shapes[rung] = await probe(Number(server.line), getBytes);
      requests[rung] = {
        req: { ...emulator.get, url: new URL('/', `http://127.0.0.1:${server.line}`) },
        pid: server.child.pid!,
      };
    }
    const head = getBytes.indexOf('\r\n\r\n') + 4;
    console.log(
      `the replayed GetParameter request, the same bytes to every server: ${getBytes.length} bytes ` +
        `(head ${head} with ${getBytes.slice(0, head).split('\r\n').length - 3} headers, POST body ${getBytes.length - head})`,
    );
  }
  if (chosen.has('s3') || chosen.has('s3-list') || chosen.has('s3rver')) {
    const body = 'x'.repeat(1024);
    const agent = new Agent();
    const s3 = await s3Requests(emulator.connection, emulator.credentials);
    requests.s3 = { req: s3.get, pid: emulatorPid };
    requests['s3-list'] = { req: s3.list, pid: emulatorPid };
    // s3rver is a dependency of this package, so its child starts here to resolve it.
    scratch ??= mkdtempSync(join(tmpdir(), 'cloudlab-bench-'));
    const peer = await spawnNode(['-e', S3RVER_SERVER, join(scratch, 's3rver')], import.meta.dirname);
    const peerUrl = `http://127.0.0.1:${peer.line}`;
    const peerCreds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    await send(agent, await signed(peerUrl, 's3', peerCreds, 'PUT', '/bench/one-kib', {}, body));
    requests.s3rver = {
      req: await signed(peerUrl, 's3', peerCreds, 'GET', '/bench/one-kib', {}),
      pid: peer.child.pid!,
    };
  }
  const cases: Record<string, Case> = {};
  for (const [name, { req, pid }] of Object.entries(requests)) {
    if (!chosen.has(name)) continue;
    const client = LoadClient.start({ port: Number(req.url.port), request: rawRequest(req) }, ROOT);
    children.push(client.child);
    cases[name] = { client, pid };
  }

  const samples = await measure(cases, rounds, seconds);
  const loadAfter = loadavg()[0]!;
  const ceilingSamples = samples.ceiling!;
  const perRound = (name: string, f: (own: Sample, ceiling: Sample) => number) =>
    samples[name]!.map((own, round) => f(own, ceilingSamples[round]!));
  const labels: Record<string, string> = {
    ceiling: 'ceiling (bare node:http, fixed body)',
    turn: 'bare server answering at turn end',
    get: 'SSM GetParameter',
    compare: 'SSM GetParameter (--compare build)',
    put: 'SSM PutParameter (in memory)',
    s3: 'S3 GetObject 1 KiB',
    's3-list': `S3 ListObjectsV2, ${LISTED_KEYS} keys`,
    'compare-s3': 'S3 GetObject (--compare build)',
    'compare-s3-list': 'S3 ListObjectsV2 (--compare build)',
    s3rver: 's3rver GetObject 1 KiB (peer)',
    ...RUNGS,
  };
  const versusTurn = samples.turn
    ? `; ${spread(samples.get!.map((own, round) => samples.turn![round]!.cpuUs / own.cpuUs))}× the turn-end server by CPU`
    : '';
  const notesBefore: Record<string, string> = { get: `goal ≥ ${GOALS.ssmGetVsCeiling}${versusTurn}` };
  /** How much CPU per request the --compare build spends on a case for each µs this build spends. */
  const compareNote = (other: string, own: string) =>
    samples[other] && samples[own]
      ? {
          [other]: `speed vs the --compare build (its CPU/req ÷ this one's): ${spread(
            samples[other].map((sample, round) => sample.cpuUs / samples[own]![round]!.cpuUs),
          )}`,
        }
      : {};
  const notes: Record<string, string> = {
    get: notesBefore.get!,
    compare: `speed vs the --compare build (its CPU/req ÷ this one's): ${spread(
      samples.compare && samples.get
        ? samples.compare.map((other, round) => other.cpuUs / samples.get![round]!.cpuUs)
        : [1],
    )}`,
    ...Object.fromEntries(
      Object.entries(shapes).map(([name, shape]) => [
        name,
        `answer ${shape.headBytes}+${shape.bodyBytes} bytes, ${shape.headers} headers${name in notesBefore ? `; ${notesBefore[name]}` : ''}`,
      ]),
    ),
    s3: samples.s3rver
      ? `${spread(samples.s3!.map((own, round) => samples.s3rver![round]!.cpuUs / own.cpuUs))}× s3rver by CPU`
      : '',
    ...compareNote('compare-s3', 's3'),
    ...compareNote('compare-s3-list', 's3-list'),
  };

  console.log(
    `emulator bench — concurrency ${CONCURRENCY}, ${rounds} rounds × ${seconds} s per case (order alternating), ` +
      `load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}; median (min–max) over rounds`,
  );
  console.log(
    `  ${'case'.padEnd(38)} ${'req/s'.padStart(6)}  ${'× ceiling req/s'.padEnd(18)} ${'CPU/req'.padStart(8)} ${'kernel'.padStart(6)}  ${'× ceiling by CPU'.padEnd(18)} client`,
  );
  for (const name of Object.keys(cases)) {
    const own = samples[name]!;
    const rps = median(own.map((s) => s.rps));
    const cpuUs = median(own.map((s) => s.cpuUs));
    const client = `${median(own.map((s) => s.clientCpuUs)).toFixed(0)} µs/req, ${median(own.map((s) => s.clientCores)).toFixed(2)} cores`;
    console.log(
      `  ${labels[name]!.padEnd(38)} ${rps.toFixed(0).padStart(6)}  ${spread(perRound(name, (o, c) => o.rps / c.rps)).padEnd(18)} ${`${cpuUs.toFixed(0)} µs`.padStart(8)} ${`${median(own.map((s) => s.systemUs)).toFixed(0)} µs`.padStart(6)}  ${spread(perRound(name, (o, c) => c.cpuUs / o.cpuUs)).padEnd(18)} ${client}${notes[name] ? `; ${notes[name]}` : ''}`,
    );
  }
  const rss = (label: string, mb: number, note: string) =>
    console.log(`  ${label.padEnd(38)} ${mb.toFixed(1).padStart(6)} MB  ${note}`);
  rss(
    'idle RSS, cloudlab emulator (standalone)',
    idleRss,
    `goal ≤ ${GOALS.idleRssMB} MB; a bare node:http process: ${bareRss.toFixed(1)} MB`,
  );
  rss(
    'idle RSS, through the CLI under tsx',
    cliTreeRss,
    `with its child processes; an idle tsx process: ${tsxRss.toFixed(1)} MB`,
  );
}

try {
  await main();
} finally {
  await cleanup();
}
