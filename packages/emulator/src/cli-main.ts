import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backgroundDir, readState, startInBackground, stopBackground, writeState } from './background.ts';
import { EMULATOR_OPTIONS } from './cli-options.ts';
import { parseThrottle } from './core/throttle.ts';
import type { EmulatorOptions } from './core/types.ts';
import { type Connection, connectionJson, shellExports, shellUnsets, statusLine } from './shell-exports.ts';
import { startEmulator } from './start-emulator.ts';

/**
 * Runs the emulator as its own process with `cloudlab emulator`'s options (cli-options.ts), printing what
 * `cloudlab emulator` prints. Tests spawn it through tsx to kill it with SIGKILL; `cloudlab emulator` runs it
 * from a bundle on plain node (bin/standalone.mjs) without the CLI package, so it keeps a parser of its own
 * (node's parseArgs: commander is the CLI's), accepts the CLI's global options too and fails like a CLI
 * command: one line on stderr, exit code 2.
 */
const USAGE_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`cloudlab emulator: ${message}\n`);
  process.exit(USAGE_ERROR);
}

type OwnOptions = {
  [K in keyof typeof EMULATOR_OPTIONS as Kebab<K>]: {
    type: (typeof EMULATOR_OPTIONS)[K] extends { value: string } ? 'string' : 'boolean';
  };
};
type Kebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : S;

/** The options cli-options.ts lists, as parseArgs takes them: `dataDir` → `--data-dir`, a value → a string. */
const OWN_OPTIONS = Object.fromEntries(
  Object.entries(EMULATOR_OPTIONS).map(([key, spec]) => [
    key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
    { type: 'value' in spec ? 'string' : 'boolean' },
  ]),
) as OwnOptions;

function parse() {
  try {
    return parseArgs({
      // Explicit: parseArgs' default skips one word fewer when node runs with -e (bin/standalone.mjs sets argv).
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        ...OWN_OPTIONS,
        // The bin's own: the listening address, and where a --detach parent waits for the child's state.
        host: { type: 'string' },
        'state-file': { type: 'string' },
        // The CLI's global options (its table is not importable here): region is used, the others are
        // meaningless for a local endpoint and accepted so that they never break it.
        region: { type: 'string' },
        target: { type: 'string' },
        endpoint: { type: 'string' },
        profile: { type: 'string' },
        'aws-emulator-port': { type: 'string' },
        debug: { type: 'boolean' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message} — see \`pnpm cloudlab emulator --help\``);
  }
}
const { values, positionals } = parse();
const dir = backgroundDir();
const print = (connection: Connection) =>
  process.stdout.write(`${values.json ? connectionJson(connection) : shellExports(connection)}\n`);

if (positionals[0] === 'stop' && positionals.length === 1) {
  const stopped = await stopBackground(dir);
  process.stdout.write(`${shellUnsets()}\n`);
  process.stderr.write(
    stopped
      ? `cloudlab emulator: stopped the background emulator (pid ${stopped.pid}, ${stopped.endpoint})\n`
      : 'cloudlab emulator: no background emulator was running here — nothing to stop\n',
  );
  process.exit(0);
}
if (positionals.length > 0) {
  fail(
    `unknown argument "${positionals.join(' ')}" — \`cloudlab emulator [options]\` or \`cloudlab emulator stop\``,
  );
}

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
  fail(`--port ${values.port} is not a port number: use 0–65535, or leave it out for a free port`);
}
let throttle: Record<string, number> | undefined;
try {
  throttle = values.throttle ? parseThrottle(values.throttle) : undefined;
} catch (error) {
  fail((error as Error).message);
}
if (values.detach) {
  const running = readState(dir);
  if (running) {
    process.stderr.write(
      `cloudlab emulator: reusing the background emulator already running on ${running.endpoint} (pid ${running.pid}); \`cloudlab emulator stop\` stops it\n`,
    );
  }
  const args = process.argv.slice(2).filter((word) => word !== '--detach');
  const state =
    running ??
    (await startInBackground(process.argv[1]!, args, dir).catch((error: Error) => fail(error.message)));
  print(fromState(state));
  if (!running) {
    process.stderr.write(
      `cloudlab emulator: running in the background on ${state.endpoint} (pid ${state.pid}, log ${state.log}); \`pnpm -s cloudlab emulator stop\` stops it\n`,
    );
  }
  process.exit(0);
}

const options: EmulatorOptions = {
  ...(port !== undefined ? { port } : {}),
  ...(values.host ? { host: values.host } : {}),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  ...(values.lenient ? { lenient: true } : {}),
  ...(throttle ? { throttle } : {}),
  ...(values.region ? { region: values.region } : {}),
  // The CA is kept beside the state, so a restart with the same --data-dir keeps AWS_CA_BUNDLE valid.
  ...(values.tls
    ? { tlsDir: values['data-dir'] ? join(resolve(values['data-dir']), 'tls') : join(dir, 'tls') }
    : {}),
};

const emulator = await startEmulator(options).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    fail(`port ${port} is already in use: pick another with --port, or leave it out for a free one`);
  }
  if (error.code === 'EACCES' || error.code === 'ENOENT' || error.code === 'ENOTDIR') {
    fail(`cannot use --data-dir ${values['data-dir']}: ${error.message}`);
  }
  throw error;
});
if (values['state-file']) {
  writeState(values['state-file'], {
    pid: process.pid,
    endpoint: emulator.endpoint,
    region: emulator.region,
    accessKeyId: emulator.credentials.accessKeyId,
    secretAccessKey: emulator.credentials.secretAccessKey,
    ...(emulator.caBundle ? { caBundle: emulator.caBundle } : {}),
    log: join(dir, 'emulator.log'),
  });
}
print(emulator);
process.stderr.write(
  `${statusLine(emulator, { json: values.json ?? false, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) })}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.stop().then(() => process.exit(0));
  });
}

function fromState(state: NonNullable<ReturnType<typeof readState>>): Connection {
  return {
    endpoint: state.endpoint,
    region: state.region,
    credentials: { accessKeyId: state.accessKeyId, secretAccessKey: state.secretAccessKey },
    ...(state.caBundle ? { caBundle: state.caBundle } : {}),
  };
}
