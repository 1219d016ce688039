import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check } from '@cloudlab/grader';
import { scanForAccessKeys } from '@lab/scan-keys.ts';
import { expect } from 'vitest';
import { fakeAccessKeyId, fakeSecretAccessKey, tempFolder, useSandbox } from './support/sandbox.ts';

useSandbox();

const exercise = 5;

check(
  'scanForAccessKeys finds an access key id and a secret key with their file and line, without repeating them',
  {
    points: 8,
    exercise,
    concept: 'no keys in code',
    hint: [
      'Long-term key ids start with AKIA and temporary ones with ASIA, followed by 16 base32 characters (A-Z and 2-7).',
      'A secret access key is 40 characters of A-Z a-z 0-9 / +: look for it after a name such as aws_secret_access_key or secretAccessKey.',
      'Report only a masked excerpt: the report must not become the leak.',
    ],
  },
  async () => {
    const root = tempFolder();
    const key = fakeAccessKeyId();
    const secret = fakeSecretAccessKey();
    mkdirSync(join(root, 'src'));
    writeFileSync(
      join(root, 'src', 'upload.ts'),
      `const a = 1;\nconst client = new S3Client({\n  credentials: { accessKeyId: '${key}', secretAccessKey: '${secret}' },\n});\n`,
    );
    writeFileSync(
      join(root, 'settings.ini'),
      `[default]\naws_secret_access_key = ${fakeSecretAccessKey()}\n`,
    );
    const findings = await scanForAccessKeys(root);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'src/upload.ts', line: 3, kind: 'access-key-id' }),
        expect.objectContaining({ file: 'src/upload.ts', line: 3, kind: 'secret-access-key' }),
        expect.objectContaining({ file: 'settings.ini', line: 2, kind: 'secret-access-key' }),
      ]),
    );
    expect(findings).toHaveLength(3);
    expect(JSON.stringify(findings)).not.toContain(key);
    expect(JSON.stringify(findings)).not.toContain(secret);
  },
);

check(
  'scanForAccessKeys finds temporary (ASIA) key ids in any folder depth',
  { points: 4, exercise, hint: ['Walk sub-folders recursively with readdir({ withFileTypes: true }).'] },
  async () => {
    const root = tempFolder();
    mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
    writeFileSync(
      join(root, 'a', 'b', 'c', 'env.sh'),
      `export AWS_ACCESS_KEY_ID=${fakeAccessKeyId('ASIA')}\n`,
    );
    expect(await scanForAccessKeys(root)).toEqual([
      expect.objectContaining({ file: 'a/b/c/env.sh', line: 1, kind: 'access-key-id' }),
    ]);
  },
);

check(
  'scanForAccessKeys skips node_modules and .git and allows AWS documentation example keys',
  {
    points: 4,
    exercise,
    hint: [
      'Installed packages are not your code: skip node_modules (and .git).',
      "AWS's documentation keys end in EXAMPLE (key id) and EXAMPLEKEY (secret); tools such as git-secrets allow them.",
    ],
  },
  async () => {
    const root = tempFolder();
    for (const folder of ['node_modules', '.git']) {
      mkdirSync(join(root, folder));
      writeFileSync(join(root, folder, 'x.js'), `const k = '${fakeAccessKeyId()}';\n`);
    }
    const exampleId = `AKIAIOSFODNN7${'EXAMPLE'}`;
    const exampleSecret = `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`;
    writeFileSync(
      join(root, 'README.md'),
      `aws_access_key_id = ${exampleId}\naws_secret_access_key = ${exampleSecret}\n`,
    );
    expect(await scanForAccessKeys(root)).toEqual([]);
  },
);

check(
  "the course's own files contain no hard-coded access keys",
  {
    points: 4,
    exercise,
    timeoutMs: 30_000,
    hint: [
      'Run your scanner on the repository root: every finding there is a real problem to fix, in your code or ours.',
    ],
  },
  async () => {
    const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
    expect(await scanForAccessKeys(repoRoot)).toEqual([]);
  },
);
