import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';

/** One small edit of a solution file: `find` (exactly once in the file) becomes `replace`. */
export interface MisconceptionEdit {
  /** Relative to the lab's solution/ folder. */
  file: string;
  find: string;
  replace: string;
}

/** A plausible wrong answer: `labs/NN-slug/misconceptions/<name>.yaml` (format: docs/lab-format.md). */
export interface Misconception {
  /** The file name without `.yaml`. */
  name: string;
  /** `labs/NN-slug/misconceptions/<name>.yaml`, as problems name it. */
  path: string;
  violates: string;
  /** A substring of the title of a check that must fail for it. */
  caughtBy?: string;
  edits: MisconceptionEdit[];
}

/** An entry that could not be read: the problem names its file. */
export interface BrokenMisconception {
  name: string;
  path: string;
  problem: string;
}

const ENTRY_KEYS = ['violates', 'caught-by', 'edits'];
const EDIT_KEYS = ['file', 'find', 'replace'];

/** Every entry of a lab's misconceptions/ folder, in file-name order; none when the lab has no such folder. */
export async function loadMisconceptions(lab: {
  dir: string;
  folder: string;
}): Promise<(Misconception | BrokenMisconception)[]> {
  const dir = join(lab.dir, 'misconceptions');
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const entries: (Misconception | BrokenMisconception)[] = [];
  for (const file of names.sort()) {
    const path = `labs/${lab.folder}/misconceptions/${file}`;
    const name = file.replace(/\.yaml$/, '');
    if (!file.endsWith('.yaml')) {
      entries.push({ name, path, problem: `${path}: a misconception is a .yaml file — rename or remove it` });
      continue;
    }
    const problems: string[] = [];
    const entry = parseMisconception(await readFile(join(dir, file), 'utf8'), problems);
    entries.push(
      entry && problems.length === 0
        ? { name, path, ...entry }
        : { name, path, problem: `${path}: ${problems.join('; ')}` },
    );
  }
  return entries;
}

export function isBroken(entry: Misconception | BrokenMisconception): entry is BrokenMisconception {
  return 'problem' in entry;
}

/** The entry in `text`, or undefined with the reasons in `problems`. */
export function parseMisconception(
  text: string,
  problems: string[],
): Omit<Misconception, 'name' | 'path'> | undefined {
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const [error] = document.errors;
  if (error) {
    problems.push(`not valid YAML (line ${lines.linePos(error.pos[0]).line}): ${error.message}`);
    return undefined;
  }
  if (!isMap(document.contents)) {
    problems.push('must be a mapping with violates, edits and optionally caught-by');
    return undefined;
  }
  const data = document.toJS() as Record<string, unknown>;
  problems.push(...unknownKeys(data, ENTRY_KEYS, 'key'));
  const violates = data.violates;
  if (typeof violates !== 'string' || violates.trim() === '')
    problems.push(
      'violates is required: what the answer gets wrong, quoting the chapter or naming the AWS behaviour',
    );
  const caughtBy = data['caught-by'];
  if (caughtBy !== undefined && (typeof caughtBy !== 'string' || caughtBy.trim() === ''))
    problems.push(
      typeof caughtBy === 'number'
        ? `caught-by must be text: YAML reads ${caughtBy} as a number — quote it: caught-by: '${caughtBy}'`
        : 'caught-by must be a non-empty part of a check title',
    );
  const edits = parseEdits(data.edits, isSeq(document.get('edits', true)), problems);
  if (problems.length > 0 || !edits) return undefined;
  return {
    violates: (violates as string).trim(),
    ...(typeof caughtBy === 'string' ? { caughtBy: caughtBy.trim() } : {}),
    edits,
  };
}

function parseEdits(value: unknown, isList: boolean, problems: string[]): MisconceptionEdit[] | undefined {
  if (value === undefined || !isList || !Array.isArray(value) || value.length === 0) {
    problems.push('edits is required: a list of { file, find, replace }');
    return undefined;
  }
  const edits: MisconceptionEdit[] = [];
  value.forEach((edit, index) => {
    const where = `edits[${index}]`;
    if (!edit || typeof edit !== 'object' || Array.isArray(edit)) {
      problems.push(`${where} must be a mapping with file, find and replace`);
      return;
    }
    const fields = edit as Record<string, unknown>;
    problems.push(...unknownKeys(fields, EDIT_KEYS, `key in ${where}`));
    for (const key of EDIT_KEYS) {
      if (typeof fields[key] !== 'string') problems.push(`${where}.${key} is required (a string)`);
    }
    const { file, find, replace } = fields as Partial<Record<string, string>>;
    if (typeof find === 'string' && find === '') problems.push(`${where}.find is empty`);
    if (typeof find === 'string' && find !== '' && find === replace)
      problems.push(`${where}.replace is the same as its find: the edit changes nothing`);
    if (typeof file === 'string' && typeof find === 'string' && typeof replace === 'string')
      edits.push({ file, find, replace });
  });
  return edits;
}

function unknownKeys(data: Record<string, unknown>, known: readonly string[], what: string): string[] {
  return Object.keys(data)
    .filter((key) => !known.includes(key))
    .map((key) => `unknown ${what} "${key}" (known: ${known.join(', ')})`);
}
