import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMisconceptions } from './misconception-entry.ts';

let lab: { dir: string; folder: string };
beforeEach(async () => {
  lab = { dir: await mkdtemp(join(tmpdir(), 'cloudlab-misconceptions-')), folder: '01-demo' };
  await mkdir(join(lab.dir, 'misconceptions'));
});
afterEach(() => rm(lab.dir, { recursive: true, force: true }));

const write = (file: string, text: string) => writeFile(join(lab.dir, 'misconceptions', file), text);
const problemOf = async (file: string) => {
  const entry = (await loadMisconceptions(lab)).find((e) => e.path.endsWith(`/${file}`));
  return entry && 'problem' in entry ? entry.problem : undefined;
};

const valid = `violates: subtraction is not commutative
caught-by: subtract
edits:
  - file: math.ts
    find: return a - b;
    replace: return b - a;
`;

describe('loadMisconceptions', () => {
  it('reads an entry: its name is the file name, caught-by is optional', async () => {
    await write('subtract-reversed.yaml', valid);
    await write('b-no-caught-by.yaml', valid.replace('caught-by: subtract\n', ''));
    expect(await loadMisconceptions(lab)).toEqual([
      {
        name: 'b-no-caught-by',
        path: 'labs/01-demo/misconceptions/b-no-caught-by.yaml',
        violates: 'subtraction is not commutative',
        edits: [{ file: 'math.ts', find: 'return a - b;', replace: 'return b - a;' }],
      },
      {
        name: 'subtract-reversed',
        path: 'labs/01-demo/misconceptions/subtract-reversed.yaml',
        violates: 'subtraction is not commutative',
        caughtBy: 'subtract',
        edits: [{ file: 'math.ts', find: 'return a - b;', replace: 'return b - a;' }],
      },
    ]);
  });

  it('has no entries when the lab has no misconceptions folder', async () => {
    await rm(join(lab.dir, 'misconceptions'), { recursive: true });
    expect(await loadMisconceptions(lab)).toEqual([]);
  });

  it('names malformed YAML with its line', async () => {
    await write('broken.yaml', 'violates: x\nedits:\n  - file: a.ts\n   find: [\n');
    expect(await problemOf('broken.yaml')).toMatch(
      /^labs\/01-demo\/misconceptions\/broken\.yaml: not valid YAML \(line \d+\): /,
    );
  });

  it('requires violates and edits, and names unknown keys', async () => {
    await write('empty.yaml', 'caught-by: subtract\nwhy: typo\n');
    expect(await problemOf('empty.yaml')).toBe(
      'labs/01-demo/misconceptions/empty.yaml: unknown key "why" (known: violates, caught-by, edits); violates is required: what the answer gets wrong, quoting the chapter or naming the AWS behaviour; edits is required: a list of { file, find, replace }',
    );
  });

  it('names an edit without its fields, with an unknown key, or whose replace equals its find', async () => {
    await write(
      'edits.yaml',
      `violates: x
edits:
  - file: math.ts
    find: a
    replace: a
  - file: math.ts
    find: a
    with: b
`,
    );
    expect(await problemOf('edits.yaml')).toBe(
      'labs/01-demo/misconceptions/edits.yaml: edits[0].replace is the same as its find: the edit changes nothing; unknown key in edits[1] "with" (known: file, find, replace); edits[1].replace is required (a string)',
    );
  });

  it('says to quote a caught-by that YAML reads as a number (a status code such as 404)', async () => {
    await write('status.yaml', valid.replace('caught-by: subtract', 'caught-by: 404'));
    expect(await problemOf('status.yaml')).toContain("quote it: caught-by: '404'");
  });

  it('refuses a file that is not .yaml and a document that is not a mapping', async () => {
    await write('notes.yml', valid);
    await write('list.yaml', '- a\n- b\n');
    expect(await problemOf('notes.yml')).toBe(
      'labs/01-demo/misconceptions/notes.yml: a misconception is a .yaml file — rename or remove it',
    );
    expect(await problemOf('list.yaml')).toBe(
      'labs/01-demo/misconceptions/list.yaml: must be a mapping with violates, edits and optionally caught-by',
    );
  });
});
