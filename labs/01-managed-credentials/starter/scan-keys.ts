import { readdirSync, readFileSync, statSync } from 'node:fs';
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
  throw new Error('TODO(5): Scan a folder for hard-coded access keys — see README.md, exercise 5');
}
