import { type Command, Option } from 'commander';
import { COMMANDS, type CommandPath } from './cli-table.ts';
import { type CommandSpec, flagsOf, type OptionSpec } from './option-spec.ts';

/** A commander Option for one entry of the table. */
export function optionOf(key: string, spec: OptionSpec): Option {
  const option = new Option(flagsOf(key, spec), spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.required) option.makeOptionMandatory();
  return option;
}

/** Adds every option of a table entry (a command's, or the global ones) to `command`. */
export function addOptions(command: Command, options: Readonly<Record<string, OptionSpec>>): Command {
  for (const [key, spec] of Object.entries(options)) command.addOption(optionOf(key, spec));
  return command;
}

/**
 * The command at `path` (e.g. `sam local start-api`) added to `parent` (the command of its first words) with
 * its description, arguments and options from the table; the caller adds the action.
 */
export function commandFrom(parent: Command, path: CommandPath): Command {
  const spec: CommandSpec = COMMANDS[path];
  const command = parent.command(path.split(' ').at(-1)!).description(spec.description);
  for (const argument of spec.arguments ?? []) command.argument(argument.name, argument.description);
  return addOptions(command, spec.options ?? {});
}
