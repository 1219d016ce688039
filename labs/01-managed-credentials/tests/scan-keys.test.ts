import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check } from '@cloudlab/grader';
import { scanForAccessKeys } from '@lab/scan-keys.ts';
import { expect } from 'vitest';
import { fakeAccessKeyId, fakeSecretAccessKey, tempFolder, useSandbox } from './support/sandbox.ts';

useSandbox();

const exercise = 5;

/**
 * The four-character runs of `part` that the report shows. A key id's AKIA/ASIA prefix is public; of the rest
 * a report may show one run (the last four characters, as maskAccessKeyId does), never more.
 */
function shownRuns(report: string, part: string): string[] {
  const runs = new Set<string>();
  for (let start = 0; start + 4 <= part.length; start++) {
    const run = part.slice(start, start + 4);
    if (run !== 'AKIA' && run !== 'ASIA' && report.includes(run)) runs.add(run);
  }
  return [...runs];
}

check(
  'scanForAccessKeys finds an access key id and a secret key with their file and line, without repeating them',
  {
    points: 8,
    exercise,
    concept: 'no keys in code',
    hint: [
      'Long-term key ids start with AKIA and temporary ones with ASIA, followed by 16 base32 characters (A-Z and 2-7).',
      'A secret access key is 40 characters of A-Z a-z 0-9 / +: look for it after a name such as aws_secret_access_key or secretAccessKey.',
      'Report only a masked excerpt: the report must not become the leak. Keep the AKIA/ASIA prefix and hide the rest, one * per character: AKIA****************.',
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
    const report = JSON.stringify(findings);
    expect(report, 'the report holds a whole key id').not.toContain(key);
    expect(report, 'the report holds a whole secret access key').not.toContain(secret);
    const excerpts = findings.map((finding) => finding.excerpt).join('\n');
    const keyRuns = shownRuns(excerpts, key.slice(4));
    const secretRuns = shownRuns(excerpts, secret);
    expect(
      keyRuns.length > 1 ? keyRuns : [],
      'the excerpts show these runs of the key id after AKIA: one run of four at most (its last four), like AKIA****************',
    ).toEqual([]);
    expect(
      secretRuns.length > 1 ? secretRuns : [],
      'the excerpts show these runs of the secret access key: one run of four at most',
    ).toEqual([]);
    const idExcerpt = findings.find((finding) => finding.kind === 'access-key-id')?.excerpt;
    expect(
      typeof idExcerpt === 'string' && idExcerpt.startsWith(key.slice(0, 4)) && idExcerpt.length > 4,
      `the excerpt ${JSON.stringify(idExcerpt)} points at the key: its public AKIA prefix, then the rest masked (AKIA****************)`,
    ).toBe(true);
    expect(
      findings.map((finding) => `${finding.kind}: ${finding.excerpt.length}`).sort(),
      'the length of each excerpt: one * per hidden character, so it is as long as what it masks (20 for a key id, 40 for a secret)',
    ).toEqual(['access-key-id: 20', 'secret-access-key: 40', 'secret-access-key: 40']);
  },
);

check(
  'scanForAccessKeys reports its findings sorted by file, then line, whatever order the folder lists them in',
  {
    points: 2,
    exercise,
    hint: [
      'readdir returns entries in the order the file system keeps them, which is not alphabetical everywhere: sort the findings by file (localeCompare), then by line.',
    ],
  },
  async () => {
    const root = tempFolder();
    // Created out of order, so neither creation order nor its reverse is the sorted one; and a folder k05/ beside
    // k05.env: a walk enters the folder where it lists it, but "k05.env" sorts before "k05/nested.env".
    const names = ['k07', 'k02', 'k11', 'k04', 'k09', 'k01', 'k12', 'k05', 'k03', 'k10', 'k08', 'k06'];
    const expected: { file: string; line: number }[] = [];
    const plant = (file: string) => {
      writeFileSync(
        join(root, file),
        `AWS_ACCESS_KEY_ID=${fakeAccessKeyId()}\n\n# rotated\nOLD_KEY=${fakeAccessKeyId()}\n`,
      );
      expected.push({ file, line: 1 }, { file, line: 4 });
    };
    for (const name of names) plant(`${name}.env`);
    mkdirSync(join(root, 'k05'));
    plant('k05/nested.env');
    expected.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const found = (await scanForAccessKeys(root)).map((finding) => `${finding.file}:${finding.line}`);
    expect(found, 'file:line of each finding, in the order scanForAccessKeys returned them').toEqual(
      expected.map((finding) => `${finding.file}:${finding.line}`),
    );
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
    // A real key does not become an example because its line mentions one.
    writeFileSync(
      join(root, 'examples.ts'),
      `// example client for the upload bucket\nconst exampleClient = { accessKeyId: '${fakeAccessKeyId()}' };\n`,
    );
    expect(
      await scanForAccessKeys(root),
      'expected only the real key of examples.ts: node_modules and .git are skipped, and only keys ending in EXAMPLE / EXAMPLEKEY are documentation keys',
    ).toEqual([expect.objectContaining({ file: 'examples.ts', line: 2, kind: 'access-key-id' })]);
  },
);

check(
  'scanForAccessKeys looks inside dotfiles and dot-folders such as .env and .github',
  {
    points: 4,
    exercise,
    concept: 'no keys in code',
    hint: [
      '.env files and CI workflows (.github/workflows) are where keys leak most: read files whose names start with a dot.',
      'Skip only node_modules and .git (and build output), not every folder whose name starts with a dot.',
    ],
  },
  async () => {
    const root = tempFolder();
    writeFileSync(join(root, '.env'), `AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=${fakeAccessKeyId()}\n`);
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    writeFileSync(
      join(root, '.github', 'workflows', 'deploy.yml'),
      `jobs:\n  deploy:\n    env:\n      AWS_ACCESS_KEY_ID: ${fakeAccessKeyId()}\n`,
    );
    expect(await scanForAccessKeys(root)).toEqual([
      expect.objectContaining({ file: '.env', line: 2, kind: 'access-key-id' }),
      expect.objectContaining({ file: '.github/workflows/deploy.yml', line: 4, kind: 'access-key-id' }),
    ]);
  },
);

check(
  "scanForAccessKeys recognises a secret's name in any case: AWS_SECRET_ACCESS_KEY, SecretAccessKey",
  {
    points: 4,
    exercise,
    concept: 'no keys in code',
    hint: [
      'Shell exports and .env files write AWS_SECRET_ACCESS_KEY; `aws sts assume-role` prints "SecretAccessKey" in JSON: match the name without regard to case.',
    ],
  },
  async () => {
    const root = tempFolder();
    writeFileSync(
      join(root, 'deploy.sh'),
      `#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY=${fakeSecretAccessKey()}\n`,
    );
    writeFileSync(
      join(root, 'assumed.json'),
      `{\n  "Credentials": {\n    "SecretAccessKey": "${fakeSecretAccessKey()}"\n  }\n}\n`,
    );
    expect(await scanForAccessKeys(root)).toEqual([
      expect.objectContaining({ file: 'assumed.json', line: 3, kind: 'secret-access-key' }),
      expect.objectContaining({ file: 'deploy.sh', line: 2, kind: 'secret-access-key' }),
    ]);
  },
);

check(
  'scanForAccessKeys reports only whole keys: not a run inside a longer string, a git hash or a placeholder',
  {
    points: 4,
    exercise,
    concept: 'no keys in code',
    hint: [
      'An access key id is exactly 20 characters: put word boundaries (\\b) around the pattern so AKIA/ASIA inside a longer run does not count.',
      'After the prefix come 16 characters of the base32 alphabet, A-Z and 2-7: digits 0, 1, 8 and 9 never appear.',
      'A 40-character secret counts only after a name that says it is one: a git commit hash is 40 characters too.',
    ],
  },
  async () => {
    const root = tempFolder();
    // A virtual MFA device's Base32StringSeed: 64 base32 characters, here with ASIA and 16 more inside.
    const seed = `JBSWY3DPEHPK3PXP${fakeAccessKeyId('ASIA')}GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ`.slice(0, 64);
    writeFileSync(join(root, 'mfa.json'), `{ "Base32StringSeed": "${seed}" }\n`);
    writeFileSync(
      join(root, 'package.json'),
      `{ "gitHead": "${'0123456789abcdef'.repeat(3).slice(0, 40)}" }\n`,
    );
    writeFileSync(join(root, 'fixtures.ts'), "export const placeholder = 'AKIA0000000000000001';\n");
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
