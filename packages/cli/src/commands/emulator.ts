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
import type { CommandModule, GlobalOptions } from '../command.ts';
import { CliError } from '../errors.ts';
import { withJsonOption } from '../output.ts';

interface EmulatorCommandOptions {
  port?: string;
  dataDir?: string;
  lenient?: boolean;
  throttle?: string;
  json?: boolean;
  tls?: boolean;
  detach?: boolean;
}

/**
 * `cloudlab emulator`: the local AWS endpoint in the foreground. Prints lines to `eval` (or one JSON
 * object with --json) on stdout, the status on stderr, and stops cleanly on Ctrl-C / SIGTERM.
 */
export const emulatorCommand: CommandModule = {
  register(program) {
    withJsonOption(
      program
        .command('emulator')
        .description(
          'run the local AWS endpoint (STS, SSM, S3, CloudFormation, Lambda) until Ctrl-C; `cloudlab emulator stop` stops a --detach one',
        )
        .argument('[stop]', 'stop the emulator that --detach started in this folder (prints `unset` lines)')
        .option('--port <n>', 'port to listen on (default: a free one)')
        .option('--data-dir <dir>', 'keep state in this folder across restarts (default: in memory)')
        .option('--lenient', 'accept any well-formed signature; each unknown access key gets its own account')
        .option(
          '--throttle <rates>',
          'answer a share of requests with throttling errors, e.g. ssm=0.2,s3=0.1',
        )
        .option(
          '--tls',
          'serve HTTPS with a CA of its own (kept in .cloudlab/emulator/tls, or DIR/tls with --data-dir); prints AWS_CA_BUNDLE',
        )
        .option(
          '--detach',
          'start in the background, print the export lines and return: eval "$(pnpm -s cloudlab emulator --detach)"',
        ),
    ).action(async (word: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EmulatorCommandOptions & GlobalOptions>();
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
    });
  },
};

function toEmulatorOptions(options: EmulatorCommandOptions & GlobalOptions): EmulatorOptions {
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
