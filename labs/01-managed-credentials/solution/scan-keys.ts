import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface KeyFinding {
  /** Path relative to the scanned folder, with / separators. */
  file: string;
  line: number;
  kind: 'access-key-id' | 'secret-access-key';
  /** The match with most characters hidden, so the report itself leaks nothing. */
  excerpt: string;
}

/** Folders that hold installed or generated files, not the course's own code. */
export const SKIPPED_FOLDERS = [
  'node_modules',
  '.git',
  '.turbo',
  'dist',
  'coverage',
  '.cloudlab',
  '.aws-sam',
];

/**
 * Finds hard-coded AWS keys under a folder: access key ids (AKIA… long-term, ASIA… temporary) and secret
 * access keys assigned to a name that says what they are. Key ids are base32 after the prefix (A-Z and
 * 2-7), so test placeholders such as ASIATEST000000000001 are not reported. AWS's documentation example
 * keys (ending in EXAMPLE / EXAMPLEKEY) are allowed, as git-secrets allows them.
 */
export async function scanForAccessKeys(root: string): Promise<KeyFinding[]> {
  // BEGIN SOLUTION 5
  const accessKeyId = /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g;
  const secret =
    /(?:aws_?secret_?access_?key|secretAccessKey|SecretAccessKey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi;
  const findings: KeyFinding[] = [];
  const hide = (value: string) => `${value.slice(0, 4)}${'*'.repeat(value.length - 4)}`;

  async function visit(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.includes(entry.name)) await visit(path);
        continue;
      }
      if (!entry.isFile() || (await stat(path)).size > 2 * 1024 * 1024) continue;
      const buffer = await readFile(path);
      if (buffer.includes(0)) continue; // binary
      const file = relative(root, path).split(sep).join('/');
      buffer
        .toString('utf8')
        .split('\n')
        .forEach((text, index) => {
          for (const match of text.matchAll(accessKeyId)) {
            if (!match[0].endsWith('EXAMPLE')) {
              findings.push({ file, line: index + 1, kind: 'access-key-id', excerpt: hide(match[0]) });
            }
          }
          for (const match of text.matchAll(secret)) {
            const value = match[1] ?? '';
            if (!value.endsWith('EXAMPLEKEY')) {
              findings.push({ file, line: index + 1, kind: 'secret-access-key', excerpt: hide(value) });
            }
          }
        });
    }
  }

  await visit(root);
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  // END SOLUTION
}
