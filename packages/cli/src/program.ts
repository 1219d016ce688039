import { SessionError, TARGETS } from '@cloudlab/aws-session';
import { Command, CommanderError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { commands } from './commands/index.ts';
import { CliError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';

export function buildProgram(): Command {
  const program = new Command('cloudlab')
    .description('Hands-on AWS labs for the SDK for JavaScript v3, graded against an embedded AWS endpoint')
    .version(pkg.version, '-V, --version')
    .addOption(
      new Option('--target <target>', 'where AWS calls go (default: emulator, or CLOUDLAB_TARGET)').choices(
        TARGETS,
      ),
    )
    .option('--endpoint <url>', 'an AWS-compatible endpoint URL (implies --target endpoint)')
    .option('--profile <name>', 'shared config/credentials profile to use')
    .option('--region <region>', 'AWS region')
    .option('--debug', 'print stack traces of errors')
    // Set before sub-commands are added so they inherit it: usage errors are one line, then exit code 2.
    .configureOutput({
      outputError: (message, write) =>
        write(`cloudlab: ${message.trim().replace(/^error: /, '')} (run cloudlab --help for usage)\n`),
    })
    .exitOverride();
  for (const command of commands) command.register(program);
  return program;
}

/** Runs the CLI and returns its exit code; errors become one line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0 by design.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usageOrEnvironment;
    }
    const debug = Boolean(program.opts().debug) || argv.includes('--debug');
    if (error instanceof CliError || error instanceof SessionError) {
      process.stderr.write(`cloudlab: ${error.message}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return error instanceof CliError ? error.exitCode : ExitCode.usageOrEnvironment;
    }
    process.stderr.write(`cloudlab: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return ExitCode.usageOrEnvironment;
  }
}
