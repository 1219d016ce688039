import { parseArgs } from 'node:util';
import { parseThrottle } from './core/throttle.ts';
import { connectionJson, shellExports } from './shell-exports.ts';
import { startEmulator } from './start-emulator.ts';

/**
 * Runs the emulator as its own process: `tsx src/cli-main.ts [--port N] [--data-dir DIR] [--lenient]
 * [--throttle ssm=0.2] [--region R] [--json]`. Tests spawn it to kill it with SIGKILL; users run
 * `cloudlab emulator`, which prints the same lines.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    lenient: { type: 'boolean' },
    throttle: { type: 'string' },
    region: { type: 'string' },
    json: { type: 'boolean' },
  },
});

const emulator = await startEmulator({
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values.host ? { host: values.host } : {}),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  ...(values.lenient ? { lenient: true } : {}),
  ...(values.throttle ? { throttle: parseThrottle(values.throttle) } : {}),
  ...(values.region ? { region: values.region } : {}),
});
process.stdout.write(`${values.json ? connectionJson(emulator) : shellExports(emulator)}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.stop().then(() => process.exit(0));
  });
}
