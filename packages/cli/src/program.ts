import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.ts';
import { CliError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';

export function buildProgram(): Command {
  const program = new Command('cloudlab')
    .description('Hands-on AWS labs for the SDK for JavaScript v3, graded against an embedded AWS endpoint')
    .option('--target <target>', 'where AWS calls go: emulator (default), endpoint, aws')
    .option('--endpoint <url>', 'an AWS-compatible endpoint URL (implies --target endpoint)')
    .option('--profile <name>', 'shared config/credentials profile to use')
    .option('--region <region>', 'AWS region')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
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
    const debug = Boolean(program.opts().debug) || process.argv.includes('--debug');
    if (error instanceof CliError) {
      process.stderr.write(`cloudlab: ${error.message}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    process.stderr.write(`cloudlab: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return ExitCode.usageOrEnvironment;
  }
}
