/**
 * The shape of the CLI table (cli-table.ts) and the flag types derived from it, so that a command's action
 * receives its flags typed from the very entries commander registered and `--help` prints.
 */

/**
 * One option. Its key in the table is the name commander gives its value (camelCase); the long flag is that
 * key in kebab-case (`buildDir` → `--build-dir`), or `--no-…` with `negate`.
 */
export interface OptionSpec {
  /** The value's name as `--help` shows it: `<dir>` (a value is required), `[port]` (optional); none: a switch. */
  readonly value?: `<${string}>` | `[${string}]`;
  /** A one-letter alias, e.g. `p` for `-p, --port`. */
  readonly short?: string;
  readonly description: string;
  /** Applied by commander when the flag is absent, and shown in `--help`. */
  readonly default?: string;
  readonly choices?: readonly string[];
  /** The command fails with a usage error when the flag is missing. */
  readonly required?: true;
  /** `--no-<kebab key>`: the value is true unless the flag is given. */
  readonly negate?: true;
}

export interface ArgumentSpec {
  /** `<lab>` required, `[lab]` optional, `[labs...]` any number. */
  readonly name: string;
  readonly description?: string;
}

/** A command, or a group of sub-commands (e.g. `sam`), keyed in the table by its words (`sam local start-api`). */
export interface CommandSpec {
  readonly description: string;
  readonly arguments?: readonly ArgumentSpec[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
}

/** The value commander hands over for one option: a string (one of its choices), `true` for a bare `[value]`. */
type ValueOf<S extends OptionSpec> = S extends { value: `<${string}>` }
  ? S extends { choices: readonly (infer C)[] }
    ? C
    : string
  : S extends { value: `[${string}]` }
    ? string | true
    : boolean;

/** Options that always have a value: required, defaulted, or negated (true until `--no-…` is given). */
type Always = { required: true } | { default: string } | { negate: true };

/** The parsed flags of a table's options, as commander passes them to an action. */
export type FlagsOf<Options extends Readonly<Record<string, OptionSpec>> | undefined> =
  Options extends Readonly<Record<string, OptionSpec>>
    ? { -readonly [K in keyof Options as Options[K] extends Always ? K : never]: ValueOf<Options[K]> } & {
        -readonly [K in keyof Options as Options[K] extends Always ? never : K]?: ValueOf<Options[K]>;
      }
    : Record<string, never>;

/** `buildDir` → `build-dir`. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The flags as commander parses them and `--help` prints them, e.g. `-b, --build-dir <dir>`. */
export function flagsOf(key: string, spec: OptionSpec): string {
  const long = `--${spec.negate ? 'no-' : ''}${kebab(key)}`;
  return `${spec.short ? `-${spec.short}, ` : ''}${long}${spec.value ? ` ${spec.value}` : ''}`;
}
