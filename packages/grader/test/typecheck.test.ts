/** The typecheck check's engine: tsc's own errors, with file and line, for a starter or a submission folder. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDiagnostic, typecheckFolder, typecheckFolders } from '../src/runtime/tsc-diagnostics.ts';

const LAB = join(import.meta.dirname, '..', '..', '..', 'labs', '03-parameter-store');
let submission: string;
beforeAll(async () => {
  // A submission outside the course (no package.json): it still resolves the lab's SDK and is ES modules.
  submission = await mkdtemp(join(tmpdir(), 'cloudlab-typecheck-test-'));
  await cp(join(LAB, 'solution'), submission, { recursive: true });
});
afterAll(() => rm(submission, { recursive: true, force: true }));

it('finds no error in a lab solution, inside the course or copied outside it', {
  timeout: 180_000,
}, async () => {
  expect(await typecheckFolder(LAB, join(LAB, 'solution'))).toEqual([]);
  expect(await typecheckFolder(LAB, submission)).toEqual([]);
});

it("reports tsc's own message with the file, line and column", { timeout: 180_000 }, async () => {
  const file = join(submission, 'read-parameter.ts');
  const code = await readFile(file, 'utf8');
  await writeFile(file, code.replace('parameter?.Value ??', 'parameter?.Valu ??'));
  const [error, ...rest] = await typecheckFolder(LAB, submission);
  expect(rest).toEqual([]);
  const line = code.split('\n').findIndex((text) => text.includes('parameter?.Value ??')) + 1;
  expect(error).toMatchObject({ file, line, code: 'TS2551' });
  expect(formatDiagnostic(error!, LAB)).toMatch(
    new RegExp(
      `^${file}:${line}:\\d+ TS2551 Property 'Valu' does not exist on type 'Parameter'. Did you mean 'Value'\\?`,
    ),
  );
});

it("resolves a subpath export of the lab's packages from a submission outside the course", {
  timeout: 180_000,
}, async () => {
  // Lab 01's code imports `@cloudlab/aws-session/session`: outside the course only the lab's node_modules
  // has it, and a `*` path mapping alone never reads a package's `exports` (TS2307 before the mapping).
  const lab01 = join(import.meta.dirname, '..', '..', '..', 'labs', '01-managed-credentials');
  const outside = await mkdtemp(join(tmpdir(), 'cloudlab-typecheck-subpath-'));
  try {
    await cp(join(lab01, 'solution'), outside, { recursive: true });
    expect(await readFile(join(outside, 'whoami.ts'), 'utf8')).toContain("'@cloudlab/aws-session/session'");
    expect(await typecheckFolder(lab01, outside)).toEqual([]);
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

it("gives each folder of a several-lab build the errors of its own tsc, even in a file another lab's code imports", {
  timeout: 180_000,
}, async () => {
  // One learner's labs 03 and 01: lab 01's copy imports lab 03's broken file, which is then in both projects.
  const lab01 = join(import.meta.dirname, '..', '..', '..', 'labs', '01-managed-credentials');
  const learner = await mkdtemp(join(tmpdir(), 'cloudlab-typecheck-build-'));
  try {
    const [code03, code01] = [join(learner, '03'), join(learner, '01')];
    await cp(join(LAB, 'solution'), code03, { recursive: true });
    await cp(join(lab01, 'solution'), code01, { recursive: true });
    const file = join(code03, 'read-parameter.ts');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('parameter?.Value ??', 'parameter?.Valu ??'),
    );
    await writeFile(
      join(code01, 'borrowed.ts'),
      "import { readParameter } from '../03/read-parameter.ts';\nexport const borrowed: number = readParameter;\n",
    );
    const folders = [
      { labDir: LAB, codeDir: code03 },
      { labDir: lab01, codeDir: code01 },
    ];
    const [errors03, errors01] = await typecheckFolders(folders);
    expect(errors03!.map((error) => [error.file, error.code])).toEqual([[file, 'TS2551']]);
    expect(errors01!.map((error) => [error.file, error.code])).toEqual([
      [join(code01, 'borrowed.ts'), 'TS2322'],
    ]);
    expect(errors03).toEqual(await typecheckFolder(LAB, code03));
    expect(errors01).toEqual(await typecheckFolder(lab01, code01));
  } finally {
    await rm(learner, { recursive: true, force: true });
  }
});
