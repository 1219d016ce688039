import { parseArgs } from 'node:util';
import { parseThrottle } from './core/throttle.ts';
import type { EmulatorOptions } from './core/types.ts';
import { connectionJson, shellExports, statusLine } from './shell-exports.ts';
import { startEmulator } from './start-emulator.ts';

/**
 * Runs the emulator as its own process: `[--port N] [--host H] [--data-dir DIR] [--lenient]
 * [--throttle ssm=0.2] [--region R] [--json]`, printing what `cloudlab emulator` prints. Tests spawn it
 * through tsx to kill it with SIGKILL; `cloudlab emulator` runs it from a bundle on plain node
 * (bin/standalone.mjs), so it accepts the CLI's global options too and fails like a CLI command: one
 * line on stderr, exit code 2.
 */
const USAGE_ERROR = 2;

function fail(message: string): never {
  process.stderr.write(`cloudlab emulator: ${message}\n`);
  process.exit(USAGE_ERROR);
}

function parse() {
  try {
    return parseArgs({
      // Explicit: parseArgs' default skips one word fewer when node runs with -e (bin/standalone.mjs sets argv).
      args: process.argv.slice(2),
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        lenient: { type: 'boolean' },
        throttle: { type: 'string' },
        region: { type: 'string' },
        json: { type: 'boolean' },
        // The CLI's global options: meaningless for a local endpoint, accepted so that they never break it.
        target: { type: 'string' },
        endpoint: { type: 'string' },
        profile: { type: 'string' },
        debug: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    fail(`${(error as Error).message} — see \`pnpm cloudlab emulator --help\``);
  }
}
const values = parse();

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
const options: EmulatorOptions = {
  ...(port !== undefined ? { port } : {}),
  ...(values.host ? { host: values.host } : {}),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  ...(values.lenient ? { lenient: true } : {}),
  ...(throttle ? { throttle } : {}),
  ...(values.region ? { region: values.region } : {}),
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
process.stdout.write(`${values.json ? connectionJson(emulator) : shellExports(emulator)}\n`);
process.stderr.write(
  `${statusLine(emulator, { json: values.json ?? false, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) })}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.stop().then(() => process.exit(0));
  });
}
