import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/** One tsc error, as tsc prints it: `starter/a.ts(12,5): error TS2551: Property 'Valu' does not exist …`. */
export interface TscDiagnostic {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/** Every `node_modules/@types` above `dir`: the generated config lives in the temp folder, not beside them. */
function typeRootsAbove(dir: string): string[] {
  const roots: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules', '@types'))) roots.push(join(at, 'node_modules', '@types'));
    if (dirname(at) === at) return roots;
  }
}

/** The file a package's export names for types: its `types` condition, else a TypeScript `default`/`import`. */
function typesFileOf(target: unknown): string | undefined {
  if (typeof target === 'string') return /\.[cm]?ts$/.test(target) ? target : undefined;
  if (!target || typeof target !== 'object') return undefined;
  const conditions = target as Record<string, unknown>;
  if (typeof conditions.types === 'string') return conditions.types;
  return typesFileOf(conditions.import) ?? typesFileOf(conditions.default);
}

/**
 * `pkg/sub` → the file of each subpath export (`@cloudlab/aws-session/session`) of the lab's dependencies. The
 * `*` mapping that lets a submission outside the course find the lab's packages looks `node_modules/pkg/sub` up
 * as a path and never reads `exports`, so without these a subpath import failed with TS2307 there.
 */
export function subpathExportPaths(labDir: string): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  let manifest: { dependencies?: object; devDependencies?: object };
  try {
    manifest = JSON.parse(readFileSync(join(labDir, 'package.json'), 'utf8'));
  } catch {
    return paths;
  }
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
    const dir = join(labDir, 'node_modules', name);
    let exports: unknown;
    try {
      exports = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports;
    } catch {
      continue;
    }
    if (!exports || typeof exports !== 'object') continue;
    for (const [key, target] of Object.entries(exports)) {
      if (!key.startsWith('./') || key.includes('*')) continue;
      const file = typesFileOf(target);
      if (file) paths[`${name}/${key.slice(2)}`] = [join(dir, file)];
    }
  }
  return paths;
}

/**
 * TypeScript 7's compiler, a native program in the package of this platform (`@typescript/typescript-linux-x64`,
 * one of `typescript`'s optional dependencies: npm and pnpm install only the one that fits). Run directly, not
 * through the package's `bin/tsc`: that Node script only finds this file and starts it, and below Node 22.15 it
 * waits beside it as a second process (~40 MB). The package exports no path to the file, hence this lookup.
 */
function nativeTsc(labDir: string): string {
  const typescript = createRequire(join(labDir, 'package.json')).resolve('typescript/package.json');
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
  let packageJson: string;
  try {
    packageJson = createRequire(typescript).resolve(`${platformPackage}/package.json`);
  } catch {
    throw new Error(
      `${platformPackage} is not installed: TypeScript 7 has no compiler for this platform, or the install skipped optional dependencies (run pnpm install)`,
    );
  }
  return join(dirname(packageJson), 'lib', process.platform === 'win32' ? 'tsc.exe' : 'tsc');
}

/** A folder of TypeScript to check with its lab's compiler options: a learner's starter/ or submission. */
export interface TypecheckFolder {
  labDir: string;
  codeDir: string;
}

/**
 * The config `tsc --noEmit` reads for `codeDir` with the lab's compiler options, written in `work` (nothing is
 * written into the learner's folder). Not incremental: no state of an earlier check is read, so in a batch
 * nothing one learner's check left behind (the staged folder's path is the same for each learner of a slot)
 * can reach the next learner's diagnostics; with TypeScript 7 an incremental check of a changed folder cost as
 * much as a fresh one (bench/cold-grade.ts).
 */
async function writeConfig({ labDir, codeDir }: TypecheckFolder, work: string): Promise<string> {
  const key = createHash('sha256').update(`${labDir}\0${codeDir}`).digest('hex').slice(0, 16);
  const config = join(work, `${key}.tsconfig.json`);
  const labModules = join(labDir, 'node_modules');
  await writeFile(
    config,
    JSON.stringify({
      extends: join(labDir, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        // As Vite resolves and runs the code (a bundler, not Node's CommonJS/ESM split): a submission folder
        // without a package.json is still ES modules.
        module: 'preserve',
        moduleResolution: 'bundler',
        // ...in Node: packages that export other types for Node (hyparquet's asyncBufferFromFile) resolve as they
        // do when the code runs.
        customConditions: ['node'],
        // Only `tsc -b` writes it (a build always does); `--force` never reads it back.
        tsBuildInfoFile: join(work, `${key}.tsbuildinfo`),
        typeRoots: typeRootsAbove(labDir),
        // A submission outside the course finds the lab's packages as the lab's own code would.
        paths: { ...subpathExportPaths(labDir), '@lab/*': [`${codeDir}/*`], '*': [`${labModules}/*`] },
      },
      include: [`${codeDir}/**/*.ts`],
      exclude: [`${codeDir}/**/node_modules`],
    }),
  );
  return config;
}

/** tsc's whole output (it prints its errors on stdout), whatever its exit code. */
function runTsc(tsc: string, args: string[], cwd: string): Promise<string> {
  return new Promise<string>((done, fail) => {
    const child = spawn(tsc, args, { cwd });
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', fail);
    child.on('close', () => done(text));
  });
}

/** The errors of `lines` in `codeDir`; paths in tsc's output are relative to `cwd`, tsc's working folder. */
function diagnosticsIn(lines: readonly string[], cwd: string, codeDir: string): TscDiagnostic[] {
  return lines.flatMap((line) => {
    const match = DIAGNOSTIC.exec(line.trim());
    if (!match) return [];
    const [, file, lineNo, column, code, message] = match;
    // Only the learner's files are theirs to fix: an error in the course's own packages is the course's (CI
    // typechecks those), never a learner's failed check.
    if (relative(codeDir, resolve(cwd, file!)).startsWith('..')) return [];
    return [
      {
        file: resolve(cwd, file!),
        line: Number(lineNo),
        column: Number(column),
        code: code!,
        message: message!,
      },
    ];
  });
}

// One thread: a batch already runs one grading process per core, and on two cores tsc's parallel parse and
// checkers cost ~30 % more CPU for the same errors.
const TSC_FLAGS = ['--pretty', 'false', '--singleThreaded'];

/** `tsc -b --verbose` names each project before its errors: `… - Building project '<config>'...`. */
const BUILDING = /- Building project '(.+)'\.\.\.$/;

/**
 * Type-checks the TypeScript files of each folder with its lab's compiler options, as `tsc --noEmit -p` would,
 * and returns tsc's own errors in each, in the order of `folders`.
 *
 * Several folders are checked by one `tsc -b` over one project per folder: each project keeps its own lab's
 * options (its own `@lab/*` and packages), so its errors are those of its own `tsc -p`, but the build parses the
 * declaration files the projects share (the SDK's, Node's: ~1,400 files for the five labs instead of ~4,000)
 * once. Each error goes to the project under whose "Building project" line tsc printed it, never by its path
 * alone: a learner file that another lab's code imports is in both projects, each with its own options.
 * All the folders are one learner's (a course run, or one batch job): a build never mixes two learners'
 * code, and `--force` reads no state of an earlier build, so no learner's file can change another's errors.
 */
export async function typecheckFolders(folders: readonly TypecheckFolder[]): Promise<TscDiagnostic[][]> {
  if (folders.length === 0) return [];
  // One folder per user: a folder another user made (root's, before a grader drops to nobody) is not writable.
  const work = join(tmpdir(), `cloudlab-typecheck-${process.getuid?.() ?? 'user'}`);
  await mkdir(work, { recursive: true });
  const configs = await Promise.all(folders.map((folder) => writeConfig(folder, work)));
  const tsc = nativeTsc(folders[0]!.labDir);
  if (folders.length === 1 || folders.some(({ labDir }) => nativeTsc(labDir) !== tsc)) {
    // One program per folder, one after another: one folder, or labs on different compilers.
    const found: TscDiagnostic[][] = [];
    for (const [at, folder] of folders.entries()) {
      const output = await runTsc(
        nativeTsc(folder.labDir),
        ['-p', configs[at]!, ...TSC_FLAGS],
        folder.labDir,
      );
      found.push(diagnosticsIn(output.split('\n'), folder.labDir, folder.codeDir));
    }
    return found;
  }
  const root = join(
    work,
    `${createHash('sha256').update(configs.join('\0')).digest('hex').slice(0, 16)}.build.json`,
  );
  await writeFile(root, JSON.stringify({ files: [], references: configs.map((path) => ({ path })) }));
  const output = await runTsc(tsc, ['-b', root, '--force', '--verbose', ...TSC_FLAGS], work);
  const linesOf = new Map<string, string[]>(configs.map((config) => [config, []]));
  let project: string[] | undefined;
  for (const line of output.split('\n')) {
    const building = BUILDING.exec(line.trim());
    if (building) project = linesOf.get(resolve(work, building[1]!));
    else project?.push(line);
  }
  return folders.map((folder, at) => diagnosticsIn(linesOf.get(configs[at]!)!, work, folder.codeDir));
}

/** `typecheckFolders` for one folder. */
export async function typecheckFolder(labDir: string, codeDir: string): Promise<TscDiagnostic[]> {
  const [diagnostics] = await typecheckFolders([{ labDir, codeDir }]);
  return diagnostics!;
}

/** `starter/a.ts:12:5 TS2551 Property 'Valu' does not exist …`, the path relative to the lab when inside it. */
export function formatDiagnostic(diagnostic: TscDiagnostic, labDir: string): string {
  const rel = relative(labDir, diagnostic.file);
  const file = rel.startsWith('..') ? diagnostic.file : rel;
  return `${file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.code} ${diagnostic.message}`;
}
