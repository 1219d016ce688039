import { join } from 'node:path';
import {
  connectionJson,
  type EmulatorOptions,
  parseThrottle,
  type RunningEmulator,
  shellExports,
  startEmulator,
  statusLine,
} from '@cloudlab/emulator';
import type { Command } from 'commander';
import type { Flags, GlobalFlags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { commandFrom } from '../register-command.ts';

/**
 * `cloudlab emulator`: the local AWS endpoint in the foreground. Prints lines to `eval` (or one JSON
 * object with --json) on stdout, the status on stderr, and stops cleanly on Ctrl-C / SIGTERM.
 */
export const emulatorCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'emulator').action(
      async (word: string | undefined, _options: unknown, command: Command) => {
        const options = command.optsWithGlobals<Flags<'emulator'> & GlobalFlags>();
        if (word !== undefined && word !== 'stop') {
          throw new CliError(
            `unknown argument "${word}" — \`cloudlab emulator [options]\` or \`cloudlab emulator stop\``,
          );
        }
        if (word === 'stop' || options.detach) {
          // The `cloudlab` bin runs `emulator` through @cloudlab/emulator/standalone, which owns the background
          // server; this in-process path (tests, scripts) serves the foreground emulator only.
          throw new CliError(
            '`emulator stop` and `--detach` run from a shell: `pnpm -s cloudlab emulator --detach`',
          );
        }
        const emulator = await start(toEmulatorOptions(options));
        process.stdout.write(`${options.json ? connectionJson(emulator) : shellExports(emulator)}\n`);
        process.stderr.write(`${statusLine(emulator, options)}\n`);
        await untilSignalled();
        await emulator.stop();
      },
    );
  },
};

function toEmulatorOptions(options: Flags<'emulator'> & GlobalFlags): EmulatorOptions {
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new CliError(
      `--port ${options.port} is not a port number: use 0–65535, or leave it out for a free port`,
    );
  }
  let throttle: Record<string, number> | undefined;
  try {
    throttle = options.throttle ? parseThrottle(options.throttle) : undefined;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  return {
    ...(port !== undefined ? { port } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.lenient ? { lenient: true } : {}),
    ...(throttle ? { throttle } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.tls
      ? { tlsDir: join(options.dataDir ?? join(process.cwd(), '.cloudlab', 'emulator'), 'tls') }
      : {}),
  };
}

async function start(options: EmulatorOptions): Promise<RunningEmulator> {
  try {
    return await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new CliError(
        `port ${options.port} is already in use: pick another with --port, or leave it out for a free one`,
      );
    }
    if (code === 'EACCES' || code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CliError(`cannot use --data-dir ${options.dataDir}: ${(error as Error).message}`);
    }
    throw error;
  }
}

function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
