/**
 * Emulator throughput and footprint, each figure next to a baseline measured in the same run:
 *  - SSM GetParameter and PutParameter req/s at concurrency 8, against a bare node:http server that answers
 *    a fixed body (the loopback ceiling of this machine and this load generator; goal: Get ≥ 0.5×),
 *  - S3 GetObject (1 KiB) req/s against the same ceiling and against s3rver (a JS S3 emulator) as a peer,
 *  - idle RSS of the emulator as `cloudlab emulator` runs it on plain node (bin/standalone.mjs; goal ≤ 60 MB),
 *    next to a bare node process's and to the CLI's tsx route with its child processes.
 * Every server runs in its own child process and is warmed before the clock starts (steady state); requests
 * are signed once and replayed, so the figures measure the servers, not the SDK. On a shared 2-core
 * machine, expect ±20 % and worse under load: read the "by CPU" ratios first.
 *
 * Run: pnpm exec tsx bench/emulator.ts [--seconds 3]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

const SECONDS = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 3;
const CONCURRENCY = 8;
const ROUNDS = 3;
const WARMUP_SECONDS = 2;
const GOALS = { ssmGetVsCeiling: 0.5, idleRssMB: 60 };
const ROOT = join(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'cloudlab-bench-'));

// Hard bound: the whole run never outlives 90 s, whatever the machine's load.
setTimeout(() => {
  process.stderr.write('bench/emulator: stopped after 90 s\n');
  cleanup();
  process.exit(1);
}, 90_000).unref();

function cleanup(): void {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
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

/** Requests done in `seconds` with CONCURRENCY in flight; any non-2xx answer aborts the bench. */
async function load(req: Prepared, seconds: number): Promise<{ done: number; elapsed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  await send(agent, req); // warm the connection and the server's code paths
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const status = await send(agent, req);
      if (status < 200 || status > 299) throw new Error(`${req.method} ${req.url} answered ${status}`);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return { done, elapsed: (performance.now() - started) / 1000 };
}

/**
 * req/s of each case, measured in ROUNDS interleaved slices so that a shift in the machine's load
 * (other processes on a shared box) spreads over every case instead of skewing one ratio.
 */
interface Case {
  req: Prepared;
  /** The server process, whose CPU time per request is the load-independent figure. */
  pid: number;
}

async function measure(cases: Record<string, Case>): Promise<Record<string, { rps: number; cpuUs: number }>> {
  const totals = Object.fromEntries(
    Object.keys(cases).map((name) => [name, { done: 0, elapsed: 0, cpu: 0 }]),
  );
  // Warm every case first: a server's first seconds under load go to JIT-compiling its request path (on
  // this shared box, CPU per request fell ~3× over the first 2-3 s), which would otherwise land on whichever
  // case runs first and say nothing of the steady state a long-running emulator serves in.
  for (const { req } of Object.values(cases)) await load(req, WARMUP_SECONDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { req, pid }] of Object.entries(cases)) {
      const cpuBefore = cpuSeconds(pid);
      const { done, elapsed } = await load(req, SECONDS / ROUNDS);
      totals[name]!.cpu += cpuSeconds(pid) - cpuBefore;
      totals[name]!.done += done;
      totals[name]!.elapsed += elapsed;
    }
  }
  return Object.fromEntries(
    Object.entries(totals).map(([name, t]) => [
      name,
      { rps: t.done / t.elapsed, cpuUs: (t.cpu / t.done) * 1e6 },
    ]),
  );
}

const CEILING_SERVER = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{"Parameter":{}}')); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

const S3RVER_SERVER = `import('s3rver').then(async ({ default: S3rver }) => {
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: process.argv[1], configureBuckets: [{ name: 'bench' }] });
  const { port } = await server.run();
  console.log(port);
});`;

try {
  const ceiling = await spawnNode(['-e', CEILING_SERVER]);
  const ceilingUrl = `http://127.0.0.1:${ceiling.line}`;
  // The emulator as `cloudlab emulator` runs it on plain node: bin/standalone.mjs, an esbuild bundle of
  // src/cli-main.ts built on first use (built here before the clock starts, so the figures are of a warm cache).
  const emulator = await spawnNode(['packages/emulator/bin/standalone.mjs', 'emulator', '--json']);
  const connection = JSON.parse(emulator.line) as {
    endpoint: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
  const credentials = { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey };

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
  const idleRss = rssMB(emulator.child.pid!);
  const bareRss = rssMB(ceiling.child.pid!);
  const tsxRss = rssMB(idleTsx.child.pid!);
  const cliTreeRss = treeRssMB(viaCli.child.pid!);
  idleTsx.child.kill('SIGKILL');
  viaCli.child.kill('SIGKILL');

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
  await send(new Agent(), put);
  const get = await ssm('GetParameter', { Name: '/bench/param' });
  const ceilingGet = { ...get, url: new URL('/', ceilingUrl) };

  const emulatorPid = emulator.child.pid!;
  const cases: Record<string, Case> = {
    ceiling: { req: ceilingGet, pid: ceiling.child.pid! },
    get: { req: get, pid: emulatorPid },
    put: { req: put, pid: emulatorPid },
  };
  const health = (await (await fetch(`${connection.endpoint}/_cloudlab/health`)).json()) as {
    services: string[];
  };
  const withS3 = health.services.includes('s3');
  if (withS3) {
    const body = 'x'.repeat(1024);
    const agent = new Agent();
    await send(agent, await signed(connection.endpoint, 's3', credentials, 'PUT', '/bench', {}));
    await send(
      agent,
      await signed(connection.endpoint, 's3', credentials, 'PUT', '/bench/one-kib', {}, body),
    );
    cases.s3 = {
      req: await signed(connection.endpoint, 's3', credentials, 'GET', '/bench/one-kib', {}),
      pid: emulatorPid,
    };
    // s3rver is a dependency of this package, so its child starts here to resolve it.
    const peer = await spawnNode(['-e', S3RVER_SERVER, join(scratch, 's3rver')], import.meta.dirname);
    const peerUrl = `http://127.0.0.1:${peer.line}`;
    const peerCreds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    await send(agent, await signed(peerUrl, 's3', peerCreds, 'PUT', '/bench/one-kib', {}, body));
    cases.s3rver = {
      req: await signed(peerUrl, 's3', peerCreds, 'GET', '/bench/one-kib', {}),
      pid: peer.child.pid!,
    };
  }
  const m = await measure(cases);
  // Two ratios: req/s (what a user sees now) and server CPU per request (what the machine's load cannot skew).
  const ratio = (name: string) =>
    `${(m[name]!.rps / m.ceiling!.rps).toFixed(2)}× ceiling req/s, ${(m.ceiling!.cpuUs / m[name]!.cpuUs).toFixed(2)}× ceiling by CPU (${m[name]!.cpuUs.toFixed(0)} µs/req)`;
  const rows: [string, number, string][] = [
    ['ceiling (bare node:http, fixed body)', m.ceiling!.rps, ratio('ceiling')],
    ['SSM GetParameter', m.get!.rps, `${ratio('get')}; goal ≥ ${GOALS.ssmGetVsCeiling}`],
    ['SSM PutParameter (in memory)', m.put!.rps, ratio('put')],
  ];
  if (withS3) {
    rows.push([
      'S3 GetObject 1 KiB',
      m.s3!.rps,
      `${ratio('s3')}; ${(m.s3rver!.cpuUs / m.s3!.cpuUs).toFixed(2)}× s3rver by CPU`,
    ]);
    rows.push(['s3rver GetObject 1 KiB (peer)', m.s3rver!.rps, ratio('s3rver')]);
  } else {
    rows.push(['S3 GetObject 1 KiB', Number.NaN, 'skipped: the emulator serves no s3 yet']);
  }

  console.log(
    `emulator bench — concurrency ${CONCURRENCY}, ${SECONDS} s per case in ${ROUNDS} interleaved rounds`,
  );
  for (const [name, rps, note] of rows)
    console.log(
      `  ${name.padEnd(38)} ${Number.isNaN(rps) ? '     —' : rps.toFixed(0).padStart(6)} req/s  ${note}`,
    );
  const rss = (label: string, mb: number, note: string) =>
    console.log(`  ${label.padEnd(38)} ${mb.toFixed(1).padStart(6)} MB     ${note}`);
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
} finally {
  cleanup();
}
