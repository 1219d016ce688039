import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { BEGIN_MARKER, END_MARKER, renderCliReference, withCliReference } from '../src/cli-docs.ts';
import { COMMANDS, type Flags, GLOBAL_OPTIONS, type GlobalFlags } from '../src/cli-table.ts';
import { buildProgram, commandNameOf } from '../src/program.ts';

const DOCS = join(import.meta.dirname, '..', '..', '..', 'docs', 'cli.md');

/** Every command of the program, keyed by its words after `cloudlab` (the program itself is ''). */
function commandsOf(command: Command, path = ''): Map<string, Command> {
  const found = new Map([[path, command]]);
  for (const sub of command.commands) {
    for (const [key, value] of commandsOf(sub, path ? `${path} ${sub.name()}` : sub.name()))
      found.set(key, value);
  }
  return found;
}

describe('the CLI table', () => {
  let registered: Map<string, Command>;
  // --help loads every command's module, as `cloudlab --help` does: tens of seconds on a busy 2-core machine.
  beforeAll(async () => {
    registered = commandsOf(await buildProgram(['node', 'cloudlab', '--help']));
  }, 180_000);

  it('is what docs/cli.md says, between its markers', () => {
    const docs = readFileSync(DOCS, 'utf8');
    const generated = docs.slice(docs.indexOf(BEGIN_MARKER), docs.indexOf(END_MARKER) + END_MARKER.length);
    expect(generated, 'docs/cli.md is stale: run `pnpm cli-docs` and commit docs/cli.md').toBe(
      renderCliReference(),
    );
  });

  it('is every command and option the program registers, and nothing else', () => {
    expect([...registered.keys()].filter(Boolean).sort()).toEqual(Object.keys(COMMANDS).sort());
    const longFlags = (command: Command) => command.options.map((option) => option.long);
    const program = registered.get('')!;
    expect(longFlags(program)).toEqual([
      '--version',
      '--target',
      '--endpoint',
      '--profile',
      '--region',
      '--aws-emulator-port',
      '--debug',
    ]);
    expect(longFlags(registered.get('sam build')!)).toEqual(['--solution', '--build-dir', '--json']);
    expect(longFlags(registered.get('dev check')!)).toEqual([
      '--no-grade',
      '--only-misconceptions',
      '--no-misconceptions',
      '--no-todos',
      '--jobs',
      '--json',
    ]);
    for (const [path, spec] of Object.entries(COMMANDS)) {
      const options: Record<string, { description: string }> = 'options' in spec ? spec.options : {};
      expect(
        registered.get(path)!.options.map((option) => [option.attributeName(), option.description]),
        `cloudlab ${path}`,
      ).toEqual(Object.entries(options).map(([key, option]) => [key, option.description]));
    }
  });

  it('gives options their short flag, default, choices and required-ness', () => {
    const option = (path: string, long: string) =>
      registered.get(path)!.options.find((o) => o.long === long)!;
    expect(option('sam build', '--build-dir').short).toBe('-b');
    expect(option('sam local start-api', '--port').defaultValue).toBe('3000');
    expect(option('grade', '--reporter').argChoices).toContain('gradescope');
    expect(option('batch', '--out').mandatory).toBe(true);
    expect(option('grade', '--inspect').optional).toBe(true);
    expect(option('deploy', '--no-confirm-changeset').negate).toBe(true);
  });

  it("skips a global option's value when it looks for the command's name", () => {
    for (const [key, spec] of Object.entries(GLOBAL_OPTIONS)) {
      if (!('value' in spec)) continue;
      const flag = `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
      expect(commandNameOf(['node', 'cloudlab', flag, 'grade', 'status']), flag).toBe('status');
    }
    expect(commandNameOf(['node', 'cloudlab', '--debug', 'grade'])).toBe('grade');
  });

  it('types each action’s flags from its entries', () => {
    expectTypeOf<Flags<'grade'>['reporter']>().toEqualTypeOf<string>();
    expectTypeOf<Flags<'grade'>['inspect']>().toEqualTypeOf<string | true | undefined>();
    expectTypeOf<Flags<'batch'>['out']>().toEqualTypeOf<string>();
    expectTypeOf<Flags<'dev check'>['grade']>().toEqualTypeOf<boolean>();
    expectTypeOf<Flags<'cleanup'>['dryRun']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<GlobalFlags['target']>().toEqualTypeOf<
      'emulator' | 'endpoint' | 'aws' | 'aws-emulator' | undefined
    >();
  });
});

describe('withCliReference', () => {
  it('replaces only the generated part, keeping the prose around it', () => {
    const document = `# Guide\n\nprose\n\n${BEGIN_MARKER}\nold\n${END_MARKER}\n\nmore prose\n`;
    expect(withCliReference(document)).toBe(`# Guide\n\nprose\n\n${renderCliReference()}\n\nmore prose\n`);
  });

  it('appends the generated part to a document that has none', () => {
    expect(withCliReference('# Guide\n')).toBe(`# Guide\n\n${renderCliReference()}\n`);
  });
});
