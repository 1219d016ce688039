/**
 * `cloudlab emulator` on plain node: runs src/cli-main.ts from an esbuild bundle, built on first use into
 * node_modules/.cache/cloudlab-emulator and rebuilt when a source it was built from changes.
 *
 * Why a bundle: measured with bench/emulator.ts, the emulator idles at ~97 MB RSS when run through tsx
 * (tsx's loader thread and its esbuild service cost ~30 MB before any of our code loads), and at ~55 MB
 * bundled on plain node, under the 60 MB goal for a 1 GiB Cloud9. Plain JavaScript, because it runs
 * before (and instead of) tsx: `node bin/standalone.mjs emulator [options]` or `import` it from a bin.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(PACKAGE, 'node_modules/.cache/cloudlab-emulator');
/**
 * The Lambda runtime's bootstrap, started as a file of its own (@cloudlab/lambda-runtime). Resolved by the
 * build only: a process that loads this file through Vite's module runner (a grade's embedded emulator) has no
 * import.meta.resolve.
 */
const bootstrapFile = () => fileURLToPath(import.meta.resolve('@cloudlab/lambda-runtime/bootstrap.mjs'));
const LATEST = join(CACHE, 'latest.json');
/** Builds older than this are removed when a new one is made (a running emulator may still load chunks). */
const KEEP_OLD_BUILDS_MS = 24 * 3600 * 1000;
const BUILD_FLAG = '--build-bundle';

/** The bundle's entry file, built now if there is none or any of its inputs changed since. */
export function bundledEntry() {
  return join(CACHE, freshBuild().dir, 'cli-main.mjs');
}

/**
 * The bundled src/index.ts (startEmulator & co.), for a process that embeds the emulator on plain node or tsx:
 * one file and a few chunks to load instead of the emulator's ~200 TypeScript modules through tsx's loader
 * (~0.5 s less CPU at each start of a learner's script). `undefined` when the bundle is missing or stale and
 * this process cannot write the cache (a host's read-only course, graded as an unprivileged user): the caller
 * then loads the sources.
 */
export function bundledModule() {
  const latest = readLatest();
  if (latest && isFresh(latest.inputs) && existsSync(join(CACHE, latest.dir, 'index.mjs')))
    return join(CACHE, latest.dir, 'index.mjs');
  if (!canWrite(CACHE)) return undefined;
  return join(CACHE, freshBuild().dir, 'index.mjs');
}

/** True when `dir`, or the nearest folder above it that exists, is writable by this process. */
function canWrite(dir) {
  let folder = dir;
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The latest build, made now if there is none, it lacks an entry or any of its inputs changed since. */
function freshBuild() {
  let latest = readLatest();
  if (!(latest && isFresh(latest.inputs) && existsSync(join(CACHE, latest.dir, 'index.mjs')))) {
    // Built in a child process: loading esbuild here would leave ~7 MB in the emulator for good.
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), BUILD_FLAG], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (child.status !== 0) throw new Error('cloudlab emulator: the bundle build failed (see above)');
    latest = readLatest();
  }
  return latest;
}

function readLatest() {
  try {
    return JSON.parse(readFileSync(LATEST, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every input file still has the size and mtime it was built from (a stat each: ~2 ms in all). */
function isFresh(inputs) {
  try {
    return Object.entries(inputs).every(([file, [size, mtimeMs]]) => {
      const stat = statSync(join(PACKAGE, file));
      return stat.size === size && stat.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

async function build() {
  const esbuild = await import('esbuild');
  const dir = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const outdir = join(CACHE, dir);
  try {
    const result = await esbuild.build({
      entryPoints: [join(PACKAGE, 'src/cli-main.ts'), join(PACKAGE, 'src/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Dynamic imports (the S3 Select engine) become chunks loaded on first use, not at start.
      splitting: true,
      outdir,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
      logLevel: 'error',
      // Bundled CommonJS dependencies call require(); ESM output has none of its own.
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    // The Lambda runtime's bootstrap is started as a file of its own, found next to the importing module.
    for (const to of [outdir, join(outdir, 'chunks')]) {
      mkdirSync(to, { recursive: true });
      copyFileSync(bootstrapFile(), join(to, 'bootstrap.mjs'));
    }
    const inputs = {};
    for (const file of Object.keys(result.metafile.inputs)) {
      const path = resolve(process.cwd(), file);
      const stat = statSync(path);
      inputs[relative(PACKAGE, path)] = [stat.size, stat.mtimeMs];
    }
    // Written whole, then renamed: two emulators starting at once never read half a pointer.
    const pointer = `${LATEST}.${process.pid}`;
    writeFileSync(pointer, JSON.stringify({ dir, inputs }));
    renameSync(pointer, LATEST);
    removeOldBuilds(dir);
  } finally {
    // esbuild keeps a service process alive for further builds: this process makes no more.
    await esbuild.stop();
  }
}

function removeOldBuilds(current) {
  for (const entry of readdirSync(CACHE)) {
    if (!entry.startsWith('build-') || entry === current) continue;
    const path = join(CACHE, entry);
    if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS)
      rmSync(path, { recursive: true, force: true });
  }
}

/** Runs the emulator in this process with `args` (the words after `emulator`). */
export async function runEmulator(args) {
  const entry = bundledEntry();
  process.argv = [process.argv[0], entry, ...args];
  await import(pathToFileURL(entry).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const words = process.argv.slice(2);
  if (words[0] === BUILD_FLAG) await build();
  else await runEmulator(words[0] === 'emulator' ? words.slice(1) : words);
}
