import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';

/** Same shape as lab 01's scanner: key ids are AKIA/ASIA plus 16 base32 characters. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g;
/** AWS's documentation placeholder (AKIAIOSFODNN7EXAMPLE) is not a leak. */
const PLACEHOLDER = /EXAMPLE$/;
const STRING_LITERAL = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
/** A path segment naming the instructor-only folders (or the manifest): `../solution/x.ts`, `'hidden'`. */
const GRADER_PATH = /(^|[/\\])(solution|hidden)([/\\]|$)|tests\.sha256/;
const TEXT_FILES = new Set([
  '.ts',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.yaml',
  '.yml',
  '.env',
  '.txt',
  '.ini',
  '.sh',
]);

export interface CodeFinding {
  kind: 'hard-coded-key' | 'reads-grader-files';
  /** file:line relative to the scanned folder's parent, e.g. `01-managed-credentials/whoami.ts:3`. */
  where: string;
}

/**
 * Scans a learner's code for hard-coded access key ids and for paths to the instructor-only folders
 * (solution/, hidden/) — code that tries to read the answers from disk. A static look: it flags for a
 * human, it does not prove anything.
 */
export async function scanCode(dir: string, label: string): Promise<CodeFinding[]> {
  const findings: CodeFinding[] = [];
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return findings;
  }
  for (const entry of entries.sort()) {
    if (!TEXT_FILES.has(extname(entry)) && !entry.endsWith('.env')) continue;
    let text: string;
    try {
      text = await readFile(join(dir, entry), 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      const where = `${label}/${relative('.', entry)}:${index + 1}`;
      const keys = [...line.matchAll(ACCESS_KEY_ID)].filter((match) => !PLACEHOLDER.test(match[0]));
      if (keys.length > 0) findings.push({ kind: 'hard-coded-key', where });
      const literals = [...line.matchAll(STRING_LITERAL)].map((match) => match[2] ?? '');
      if (literals.some((literal) => GRADER_PATH.test(literal)))
        findings.push({ kind: 'reads-grader-files', where });
    });
  }
  return findings;
}
