// Plain JavaScript on purpose: it loads the grading process's own TypeScript before anything could compile it.
//
// Why a bundle: Vite's module runner (vite-loader.js) compiles each of the CLI's ~120 modules on every start:
// an esbuild round trip, an SSR rewrite and a source-map merge per module, ~1 s of a cold `cloudlab grade`
// (bench/cold-grade.ts). One esbuild bundle of the same sources, kept on disk beside the package and checked
// against the sources' bytes at each start, loads in a few tens of milliseconds. No library keeps such a bundle
// fresh for us: esbuild builds it, this file decides when.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BUILTINS = new Set(builtinModules);
/**
 * Beside this package, as its sources are: only who may change them may change what runs. Not the course's
 * node_modules/.cache/cloudlab, which a learner's own code may write.
 */
export const BUNDLE_CACHE = fileURLToPath(new URL('../node_modules/.cache/bundles', import.meta.url));
/** Bumped when the way a bundle is built changes: an older bundle is then rebuilt, whatever its sources. */
const FORMAT = 2;

/**
 * The file URL of a bundle of a TypeScript entry (and the workspace's modules it imports, `@cloudlab/*` included)
 * kept in `cacheDir`: ES module chunks, of which the entry's is imported first and the others when its code asks.
 * Packages from node_modules stay outside and load natively, from the very files Node would resolve from each
 * source, so a process keeps one copy of each (vitest/node above all).
 * The bundle is reused while every source it holds has the same bytes; otherwise it is rebuilt (~0.3 s).
 * Undefined where `cacheDir` cannot be written (a course installed read-only, graded as another user): the
 * caller then loads the sources some other way. Never a temporary folder instead: chunks are read as the code
 * first asks for them, and a folder the process's own user may write could be changed by then by the very
 * code being graded. `cacheDir` must be as trusted as the sources: whoever may write it chooses what runs.
 */
export async function bundleFor(entry, cacheDir = BUNDLE_CACHE) {
  const name = createHash('sha256').update(`${FORMAT}\0${entry}`).digest('hex').slice(0, 16);
  const manifest = join(cacheDir, `${name}.json`);
  const kept = freshFolder(manifest, cacheDir);
  if (kept) return pathToFileURL(join(kept, ENTRY)).href;
  const { files, inputs } = await build(entry);
  // Named by its contents: a build never replaces a folder another process may still load chunks from.
  const outputHash = createHash('sha256');
  for (const file of files) outputHash.update(file.path).update(file.contents);
  const folderName = `${name}-${outputHash.digest('hex').slice(0, 16)}`;
  const folder = join(cacheDir, folderName);
  try {
    if (!existsSync(join(folder, ENTRY))) {
      mkdirSync(cacheDir, { recursive: true });
      const staging = `${folder}.${process.pid}.tmp`;
      writeChunks(staging, files);
      try {
        renameSync(staging, folder);
      } catch (error) {
        // Another process renamed the same build into place first.
        rmSync(staging, { recursive: true, force: true });
        if (!existsSync(join(folder, ENTRY))) throw error;
      }
    }
    writeAtomically(manifest, JSON.stringify({ folder: folderName, inputs }));
    removeOldBuilds(cacheDir, name, folderName);
    return pathToFileURL(join(folder, ENTRY)).href;
  } catch (error) {
    if (['EACCES', 'EROFS', 'EPERM', 'ENOTDIR'].includes(error?.code)) return undefined;
    throw error;
  }
}

/** The entry's file in a bundle folder; the other files are chunks it imports, some only when asked. */
const ENTRY = 'entry.mjs';

function writeChunks(folder, files) {
  for (const { path, contents } of files) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), contents);
  }
}

/** Earlier builds of the same entry, a day old: a long `cloudlab watch` may still load chunks from a recent one. */
function removeOldBuilds(cacheDir, name, current) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const entry of readdirSync(cacheDir)) {
    if (!entry.startsWith(`${name}-`) || entry === current) continue;
    const path = join(cacheDir, entry);
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/** The folder of the manifest's build when it exists and each source it was built from has the same bytes. */
function freshFolder(manifest, cacheDir) {
  let folder;
  let inputs;
  try {
    ({ folder, inputs } = JSON.parse(readFileSync(manifest, 'utf8')));
    if (typeof folder !== 'string' || !/^[0-9a-f]{16}-[0-9a-f]{16}$/.test(folder)) return undefined;
    statSync(join(cacheDir, folder, ENTRY));
  } catch {
    return undefined;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return undefined;
  for (const { path, sha256 } of inputs) {
    try {
      if (hash(readFileSync(path)) !== sha256) return undefined;
    } catch {
      return undefined;
    }
  }
  return join(cacheDir, folder);
}

const hash = (bytes) => createHash('sha256').update(bytes).digest('hex');

function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** esbuild required from Vite's own folder: the module (and service) Vitest compiles with anyway. */
function esbuild() {
  const fromHere = createRequire(import.meta.url);
  return createRequire(fromHere.resolve('vite'))('esbuild');
}

async function build(entry) {
  const inputs = [];
  const result = await esbuild().build({
    entryPoints: { entry },
    bundle: true,
    // Chunks, so that a package only a command's lazily imported code needs (the SDK's clients for a live
    // preflight, the emulator for `cloudlab emulator`) is not imported at start: esbuild hoists a single file's
    // external imports to its top.
    splitting: true,
    outdir: '/',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Written, never read unless asked: `node --enable-source-maps` then shows the TypeScript lines.
    sourcemap: 'linked',
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node's own resolution for what stays outside: the `import` condition, never a bundler's `module` field.
    conditions: ['node', 'import'],
    mainFields: ['main'],
    logLevel: 'silent',
    define: {
      ...Object.fromEntries(Object.entries(META).map(([field, name]) => [`import.meta.${field}`, name])),
      // Lets a source know that plain Node runs it: a TypeScript file it imports cannot load natively here.
      'import.meta.bundled': 'true',
    },
    plugins: [packagesOutside(), sourcesAsWritten(inputs)],
  });
  const files = result.outputFiles.map((file) => ({ path: file.path.slice(1), contents: file.contents }));
  return { files, inputs };
}

/**
 * Every package from node_modules stays outside the bundle, named by the absolute file Node resolves from the
 * importing source: the bundle lives elsewhere, where a bare name would not resolve. The workspace's own
 * packages (`@cloudlab/*`, TypeScript) are bundled.
 */
function packagesOutside() {
  const SKIP = Symbol('resolving');
  return {
    name: 'packages-outside',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === SKIP) return undefined;
        if (args.path.startsWith('node:') || BUILTINS.has(args.path.split('/')[0])) {
          return { path: args.path, external: true };
        }
        if (args.path.startsWith('@cloudlab/')) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

/**
 * Loads each workspace source with its `import.meta.dirname`, `.filename` and `.url` written out as that source's
 * own (in a bundle they would all name the bundle), and records its hash for the freshness check.
 */
const META = {
  dirname: '__cloudlab_import_meta_dirname',
  filename: '__cloudlab_import_meta_filename',
  url: '__cloudlab_import_meta_url',
};

const metaValue = (field, path) =>
  field === 'dirname' ? dirname(path) : field === 'filename' ? path : pathToFileURL(path).href;

function sourcesAsWritten(inputs) {
  return {
    name: 'sources-as-written',
    setup(build) {
      build.onLoad({ filter: /\.(m?[jt]s|json)$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const bytes = readFileSync(args.path);
        inputs.push({ path: args.path, sha256: hash(bytes) });
        if (args.path.endsWith('.json')) return { contents: bytes, loader: 'json' };
        // Each source declares its own three names; `define` points every import.meta.* expression at them.
        const own = Object.entries(META)
          .map(([field, name]) => `var ${name} = ${JSON.stringify(metaValue(field, args.path))};`)
          .join(' ');
        const contents = `${own}\n${bytes.toString('utf8')}`;
        return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}
