/**
 * Emulator throughput and footprint, each figure next to a baseline measured in the same run:
 *  - SSM GetParameter and PutParameter req/s at concurrency 8, against a bare node:http server that answers
 *    a fixed body (the loopback ceiling of this machine; goal: Get ≥ 0.5×),
 *  - S3 GetObject (1 KiB) req/s against the same ceiling and against s3rver (a JS S3 emulator) as a peer,
 *  - idle RSS of the emulator as `cloudlab emulator` runs it on plain node (bin/standalone.mjs; goal ≤ 60 MB),
 *    next to a bare node process's and to the CLI's tsx route with its child processes.
 * Every server runs in its own child process, and so does each case's load client: a lean replayer of one
 * request signed in advance, so that the client costs a small share of a core and the figures measure the
 * servers. The emulator still verifies every replayed request's signature in full. Each case is warmed,
 * then measured in `--rounds` rounds that alternate the order of the cases (forward, then backward), and
 * every ratio is taken within a round: the median and the spread (min–max) over rounds are printed.
 * On a shared 2-core machine read the "by CPU" ratios first: server CPU per request is what the machine's
 * load skews least.
 *
 * Run: pnpm exec tsx bench/emulator.ts [--seconds 2] [--rounds 6] [--cases ceiling,get,put,s3,s3rver]
 *      [--compare path/to/cli-main.mjs] [--profile DIR]
 * --profile DIR runs the emulator under `node --cpu-prof` and leaves its profile in DIR when the bench ends.
 * --compare adds the case `compare`: GetParameter against a second emulator started from another build's
 * bundle entry (copy a build folder out of packages/emulator/node_modules/.cache/cloudlab-emulator first),
 * for an A/B of two versions in one run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { median } from './warm-median.ts';

const CONCURRENCY = 8;
const WARMUP_SECONDS = 2;
const GOALS = { ssmGetVsCeiling: 0.5, idleRssMB: 60 };
const ALL_CASES = ['ceiling', 'get', 'put', 's3', 's3rver'];
const LOAD_CLIENT_FLAG = '--load-client';

// ---------------------------------------------------------------------------------------------------------
// The load client, in a child process of its own (this file run with --load-client).

/** One request as raw HTTP/1.1 bytes, and the loopback port to replay it to. */
interface Target {
  port: number;
  request: string;
}
type ClientMessage = { target: Target } | { run: number };
interface ClientReport {
  done: number;
  elapsed: number;
  /** The client's own CPU time (user + system) over the run. */
  cpuSeconds: number;
  error?: string;
}

const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/**
 * One keep-alive connection replaying `request` until `deadline`, one request in flight. Written by hand
 * because node's own http client costs about as much CPU per request as the bare server it would measure
 * (the old bench's ceiling was the client's), and a load tool from the registry (autocannon) would add
 * dependencies to the install for this one bench. Each answer is parsed just far enough to find its end
 * and its status: the servers under test all send a Content-Length.
 */
function replay(target: Target, request: Buffer, deadline: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, '127.0.0.1');
    socket.setNoDelay(true);
    let pending: Buffer | undefined;
    let done = 0;
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.on('connect', () => socket.write(request));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      const data = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = undefined;
      const headEnd = data.indexOf('\r\n\r\n');
      const head = headEnd === -1 ? '' : data.toString('latin1', 0, headEnd);
      const length = CONTENT_LENGTH.exec(head);
      if (headEnd === -1 || (length && data.length < headEnd + 4 + Number(length[1]))) {
        pending = data;
        return;
      }
      if (!length) return fail(`an answer without Content-Length: ${head.split('\r\n')[0]}`);
      const status = Number(head.slice(9, 12));
      if (status < 200 || status > 299) return fail(`answered ${head.split('\r\n')[0]}`);
      done++;
      if (performance.now() < deadline) socket.write(request);
      else {
        socket.end();
        resolve(done);
      }
    });
  });
}

function runLoadClient(): void {
  let target: Target | undefined;
  process.on('disconnect', () => process.exit(0)); // the bench is gone
  process.on('message', (message: ClientMessage) => {
    if ('target' in message) {
      target = message.target;
      return;
    }
    const bytes = Buffer.from(target!.request, 'latin1');
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + message.run * 1000;
    Promise.all(Array.from({ length: CONCURRENCY }, () => replay(target!, bytes, deadline))).then(
      (counts) => {
        const cpu = process.cpuUsage(cpuBefore);
        const report: ClientReport = {
          done: counts.reduce((a, b) => a + b, 0),
          elapsed: (performance.now() - started) / 1000,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        };
        process.send!(report);
      },
      (error: Error) => process.send!({ done: 0, elapsed: 0, cpuSeconds: 0, error: error.message }),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// The bench.

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

/** CPU seconds (user + system) a process has used so far, from /proc: independent of other load. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** RSS of a process and all its descendants (tsx keeps an esbuild service process beside node). */
function treeRssMB(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return rssMB(pid) + children.reduce((sum, child) => sum + treeRssMB(Number(child)), 0);
}

interface Prepared {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

const sha256 = class extends Hash {
  constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
    super('sha256', secret);
  }
};

async function signed(
  endpoint: string,
  service: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Prepared> {
  const url = new URL(path, endpoint);
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service,
    sha256,
    uriEscapePath: service !== 's3',
  });
  const extra: Record<string, string> =
    service === 's3'
      ? {
          'x-amz-content-sha256': createHash('sha256')
            .update(body ?? '')
            .digest('hex'),
        }
      : {};
  const result = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, ...headers, ...extra },
    ...(body !== undefined ? { body } : {}),
  });
  return {
    url,
    method,
    headers: result.headers as Record<string, string>,
    ...(body !== undefined ? { body } : {}),
  };
}

/** The request as the bytes a client sends (keep-alive is HTTP/1.1's default). */
function rawRequest(req: Prepared): string {
  const lines = [`${req.method} ${req.url.pathname} HTTP/1.1`];
  for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
  if (req.body !== undefined) lines.push(`content-length: ${Buffer.byteLength(req.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${req.body ?? ''}`;
}

/** Setup requests (create a bucket, put a parameter), through node's own client. */
function send(agent: Agent, req: Prepared): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        agent,
        host: req.url.hostname,
        port: req.url.port,
        path: req.url.pathname,
        method: req.method,
        headers: req.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** A load client process bound to one case's server and request. */
class LoadClient {
  private constructor(private readonly child: ChildProcess) {}

  static start(req: Prepared): LoadClient {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, LOAD_CLIENT_FLAG], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    const target: Target = { port: Number(req.url.port), request: rawRequest(req) };
    child.send({ target } satisfies ClientMessage);
    return new LoadClient(child);
  }

  run(seconds: number): Promise<ClientReport> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (report: ClientReport) =>
        report.error ? reject(new Error(report.error)) : resolve(report),
      );
      this.child.send({ run: seconds } satisfies ClientMessage);
    });
  }
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
      const cpuBefore = cpuSeconds(pid);
      const report = await client.run(seconds);
      const cpu = cpuSeconds(pid) - cpuBefore;
      samples[name]![round] = {
        rps: report.done / report.elapsed,
        cpuUs: (cpu / report.done) * 1e6,
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

async function main(): Promise<void> {
  const { values: options } = parseArgs({
    options: {
      seconds: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '6' },
      cases: { type: 'string', default: ALL_CASES.join(',') },
      compare: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const seconds = Number(options.seconds);
  const rounds = Number(options.rounds);
  const chosen = new Set(options.cases.split(','));
  chosen.add('ceiling');
  if (options.compare) chosen.add('compare');

  // Hard bound: the run never outlives its planned length by more than a minute, whatever the load.
  const planned = chosen.size * (WARMUP_SECONDS + rounds * seconds) + 60;
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
  const idleRss = rssMB(emulatorPid);
  const bareRss = rssMB(ceiling.child.pid!);
  const tsxRss = rssMB(idleTsx.child.pid!);
  const cliTreeRss = treeRssMB(viaCli.child.pid!);
  idleTsx.child.kill('SIGKILL');
  viaCli.child.kill('SIGKILL');

  const requests: Record<string, { req: Prepared; pid: number }> = {
    ceiling: { req: { ...emulator.get, url: new URL('/', ceilingUrl) }, pid: ceiling.child.pid! },
    get: { req: emulator.get, pid: emulatorPid },
    put: { req: emulator.put, pid: emulatorPid },
  };
  if (options.compare) {
    const other = await emulatorWithParameter([options.compare, '--json']);
    requests.compare = { req: other.get, pid: other.server.child.pid! };
  }
  if (chosen.has('s3') || chosen.has('s3rver')) {
    const body = 'x'.repeat(1024);
    const agent = new Agent();
    const { endpoint } = emulator.connection;
    await send(agent, await signed(endpoint, 's3', emulator.credentials, 'PUT', '/bench', {}));
    await send(agent, await signed(endpoint, 's3', emulator.credentials, 'PUT', '/bench/one-kib', {}, body));
    requests.s3 = {
      req: await signed(endpoint, 's3', emulator.credentials, 'GET', '/bench/one-kib', {}),
      pid: emulatorPid,
    };
    // s3rver is a dependency of this package, so its child starts here to resolve it.
    scratch = mkdtempSync(join(tmpdir(), 'cloudlab-bench-'));
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
    if (chosen.has(name)) cases[name] = { client: LoadClient.start(req), pid };
  }

  const samples = await measure(cases, rounds, seconds);
  const loadAfter = loadavg()[0]!;
  const ceilingSamples = samples.ceiling!;
  const perRound = (name: string, f: (own: Sample, ceiling: Sample) => number) =>
    samples[name]!.map((own, round) => f(own, ceilingSamples[round]!));
  const labels: Record<string, string> = {
    ceiling: 'ceiling (bare node:http, fixed body)',
    get: 'SSM GetParameter',
    compare: 'SSM GetParameter (--compare build)',
    put: 'SSM PutParameter (in memory)',
    s3: 'S3 GetObject 1 KiB',
    s3rver: 's3rver GetObject 1 KiB (peer)',
  };
  const notes: Record<string, string> = {
    get: `goal ≥ ${GOALS.ssmGetVsCeiling}`,
    compare: `speed vs the --compare build (its CPU/req ÷ this one's): ${spread(
      samples.compare ? samples.compare.map((other, round) => other.cpuUs / samples.get![round]!.cpuUs) : [1],
    )}`,
    s3: samples.s3rver
      ? `${spread(samples.s3!.map((own, round) => samples.s3rver![round]!.cpuUs / own.cpuUs))}× s3rver by CPU`
      : '',
  };

  console.log(
    `emulator bench — concurrency ${CONCURRENCY}, ${rounds} rounds × ${seconds} s per case (order alternating), ` +
      `load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}; median (min–max) over rounds`,
  );
  console.log(
    `  ${'case'.padEnd(38)} ${'req/s'.padStart(6)}  ${'× ceiling req/s'.padEnd(18)} ${'CPU/req'.padStart(8)}  ${'× ceiling by CPU'.padEnd(18)} client`,
  );
  for (const name of Object.keys(cases)) {
    const own = samples[name]!;
    const rps = median(own.map((s) => s.rps));
    const cpuUs = median(own.map((s) => s.cpuUs));
    const client = `${median(own.map((s) => s.clientCpuUs)).toFixed(0)} µs/req, ${median(own.map((s) => s.clientCores)).toFixed(2)} cores`;
    console.log(
      `  ${labels[name]!.padEnd(38)} ${rps.toFixed(0).padStart(6)}  ${spread(perRound(name, (o, c) => o.rps / c.rps)).padEnd(18)} ${`${cpuUs.toFixed(0)} µs`.padStart(8)}  ${spread(perRound(name, (o, c) => c.cpuUs / o.cpuUs)).padEnd(18)} ${client}${notes[name] ? `; ${notes[name]}` : ''}`,
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

if (process.argv.includes(LOAD_CLIENT_FLAG)) runLoadClient();
else {
  try {
    await main();
  } finally {
    await cleanup();
  }
}
