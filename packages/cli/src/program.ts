import { SessionError } from '@cloudlab/aws-session/core';
import { Command, CommanderError } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { GLOBAL_OPTIONS, PROGRAM_DESCRIPTION } from './cli-table.ts';
import { commands } from './commands/index.ts';
import { CliError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import { kebab } from './option-spec.ts';
import { addOptions } from './register-command.ts';

/** Global options that take a value: their value is not the command name. */
const VALUE_OPTIONS = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, spec]) => 'value' in spec)
    .map(([key]) => `--${kebab(key)}`),
);

/** The sub-command named on the command line, if it is one we know (only that module is then loaded). */
export function commandNameOf(argv: string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i]!;
    if (VALUE_OPTIONS.has(word)) i++;
    else if (!word.startsWith('-')) return Object.hasOwn(commands, word) ? word : undefined;
  }
  return undefined;
}

export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = addOptions(
    new Command('cloudlab').description(PROGRAM_DESCRIPTION).version(pkg.version, '-V, --version'),
    GLOBAL_OPTIONS,
  )
    // Set before sub-commands are added so they inherit it: usage errors are one line, then exit code 2.
    .configureOutput({
      outputError: (message, write) =>
        write(`cloudlab: ${message.trim().replace(/^error: /, '')} (run cloudlab --help for usage)\n`),
    })
    .exitOverride();
  // `cloudlab grade …` loads grade.ts only; `--help`, `help` or an unknown word load them all to list them.
  const named = commandNameOf(argv);
  const names = named ? [named] : Object.keys(commands);
  for (const module of await Promise.all(names.map((name) => commands[name]!()))) module.register(program);
  return program;
}

/** Runs the CLI and returns its exit code; errors become one line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
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
