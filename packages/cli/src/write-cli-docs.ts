/** `pnpm cli-docs`: regenerates the command reference in docs/cli.md from the CLI table. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withCliReference } from './cli-docs.ts';

const file = new URL('../../../docs/cli.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withCliReference(before);
writeFileSync(file, after);
process.stdout.write(before === after ? 'docs/cli.md is up to date\n' : 'docs/cli.md regenerated\n');
