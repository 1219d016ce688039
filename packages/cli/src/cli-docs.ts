/**
 * The reference part of docs/cli.md, rendered from the CLI table: every command with its arguments and
 * options. Only the text between the two markers is generated, so the learner's guide above it stays prose.
 */
import { COMMANDS, GLOBAL_OPTIONS, PROGRAM_DESCRIPTION } from './cli-table.ts';
import { type CommandSpec, flagsOf, type OptionSpec } from './option-spec.ts';

export const BEGIN_MARKER =
  '<!-- BEGIN GENERATED from packages/cli/src/cli-table.ts by `pnpm cli-docs`: edit the table, not this part -->';
export const END_MARKER = '<!-- END GENERATED -->';

/** Prose for Markdown: `<learner>` would read as an HTML tag, and in a table a `|` would end the cell. */
const cell = (text: string) => text.replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('|', '\\|');
const code = (text: string) => `\`${text.replaceAll('|', '\\|')}\``;
/** A description as a sentence of its own. */
const sentence = (text: string) =>
  `${cell(text.charAt(0).toUpperCase() + text.slice(1))}${text.endsWith('.') ? '' : '.'}`;

function valueKind(spec: OptionSpec): string {
  if (spec.choices) return `one of ${spec.choices.map(code).join(', ')}`;
  if (!spec.value) return 'switch';
  return spec.value.startsWith('[') ? 'optional text' : 'text';
}

function optionRows(options: Readonly<Record<string, OptionSpec>>): string[] {
  return [
    '| Option | Value | Default | Description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(options).map(([key, spec]) => {
      const fallback = spec.required ? 'required' : spec.default !== undefined ? code(spec.default) : '';
      return `| ${code(flagsOf(key, spec))} | ${valueKind(spec)} | ${fallback} | ${cell(spec.description)} |`;
    }),
  ];
}

function commandSection(path: string, spec: CommandSpec): string[] {
  const args = (spec.arguments ?? []).map((argument) => argument.name);
  const hasOptions = Object.keys(spec.options ?? {}).length > 0;
  const groups = Object.keys(COMMANDS).filter((other) => other.startsWith(`${path} `));
  const usage = [
    `cloudlab ${path}`,
    ...(groups.length ? ['<command>'] : args),
    ...(hasOptions ? ['[options]'] : []),
  ];
  const lines = [`### ${code(usage.join(' '))}`, '', sentence(spec.description)];
  const described = (spec.arguments ?? []).filter((argument) => argument.description);
  if (described.length) {
    lines.push(
      '',
      ...described.map((argument) => `- ${code(argument.name)}: ${cell(argument.description!)}`),
    );
  }
  if (groups.length) {
    const direct = groups.filter((other) => !other.slice(path.length + 1).includes(' '));
    lines.push('', `Sub-commands: ${direct.map((sub) => `\`${sub.slice(path.length + 1)}\``).join(', ')}.`);
  }
  if (hasOptions) lines.push('', ...optionRows(spec.options!));
  return lines;
}

/** The generated part of docs/cli.md, markers included. */
export function renderCliReference(): string {
  const commands: Readonly<Record<string, CommandSpec>> = COMMANDS;
  return [
    BEGIN_MARKER,
    '',
    '## Every command',
    '',
    `\`cloudlab [global options] <command> [arguments] [options]\`: ${PROGRAM_DESCRIPTION.charAt(0).toLowerCase()}${PROGRAM_DESCRIPTION.slice(1)}.`,
    '`cloudlab --help` (`-h`) lists the commands, `cloudlab <command> --help` shows one, `-V, --version` prints the version.',
    'Exit codes: 0 all good, 1 checks failed, 2 usage or environment error.',
    '',
    '### Global options',
    '',
    'Every command takes them, before or after its name.',
    '',
    ...optionRows(GLOBAL_OPTIONS),
    '',
    ...Object.entries(commands).flatMap(([path, spec]) => [...commandSection(path, spec), '']),
    END_MARKER,
  ].join('\n');
}

/**
 * `document` with its generated part replaced by the table's current rendering (appended when it has none).
 */
export function withCliReference(document: string): string {
  const begin = document.indexOf(BEGIN_MARKER);
  const end = document.indexOf(END_MARKER);
  if (begin < 0 || end < begin) return `${document.trimEnd()}\n\n${renderCliReference()}\n`;
  return document.slice(0, begin) + renderCliReference() + document.slice(end + END_MARKER.length);
}
