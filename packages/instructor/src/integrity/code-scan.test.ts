import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCode } from './code-scan.ts';
import { containsSecret, REDACTED, redactSecret } from './secret-redaction.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudlab-scan-'));
  await mkdir(join(dir, 'code'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const keyId = ['AKIA', 'Z7XQ4RB3HD2K5N6M'].join('');

describe('scanCode', () => {
  it('flags a hard-coded access key id with its file and line, but not AWS’s EXAMPLE placeholder', async () => {
    await writeFile(
      join(dir, 'code/config.ts'),
      `// config\nexport const id = '${keyId}';\nconst doc = 'AKIAIOSFODNN7EXAMPLE';\n`,
    );
    expect(await scanCode(join(dir, 'code'), '01-x')).toEqual([
      { kind: 'hard-coded-key', where: '01-x/config.ts:2' },
    ]);
  });

  it('flags string paths into solution/ or hidden/, not the word in prose', async () => {
    await writeFile(
      join(dir, 'code/peek.ts'),
      "const a = readFileSync(new URL('../solution/x.ts', import.meta.url));\nconst b = join(root, 'hidden');\nconst c = 'the solution is near';\n",
    );
    expect(await scanCode(join(dir, 'code'), '01-x')).toEqual([
      { kind: 'reads-grader-files', where: '01-x/peek.ts:1' },
      { kind: 'reads-grader-files', where: '01-x/peek.ts:2' },
    ]);
  });
});

describe('secret redaction', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';

  it('finds the secret in printed output and replaces it everywhere in a result', () => {
    const result = { checks: [{ output: `{"AWS_SECRET_ACCESS_KEY":"${secret}"}` }], notes: [secret] };
    expect(containsSecret(JSON.stringify(result), secret)).toBe(true);
    const redacted = redactSecret(result, secret);
    expect(JSON.stringify(redacted)).not.toContain(secret);
    expect(redacted.notes[0]).toBe(REDACTED);
  });
});
