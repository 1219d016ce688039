// Plain JavaScript on purpose: it is what loads a batch grading child's TypeScript (child-entry.js), and the
// benches' children (bench/labs.ts). The CLI itself loads from a bundle (bundled-import.js): a batch child is
// started once per worker slot and grades learner after learner, so its load time hardly counts there.
//
// Why not tsx there: those commands load Vite for Vitest anyway, and Vite compiles TypeScript with the esbuild
// service Vitest already runs. tsx would add its own loader hooks and its own esbuild service process: ~19 MB
// more for the grading process and its children at the end of a course grade on 1 GiB heap settings (7 MB in
// the process, 12 MB of esbuild; bench/labs.ts --cloud9). Other commands, which never load Vite, keep tsx.
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunnerTransport } from 'vite';
import { createDefaultImportMeta, ESModulesEvaluator, ModuleRunner } from 'vite/module-runner';

/**
 * Imports a TypeScript module (and everything it imports from this workspace) through a Vite module runner.
 * Packages from node_modules still load natively, so the runner keeps only this workspace's modules.
 */
export async function importThroughVite(entry) {
  runner ??= startRunner();
  return (await runner).import(entry);
}

/**
 * One server and runner a process: a course installed read-only loads each lab's lab.ts through here, and a
 * server a call would cost each of them ~0.3 s again.
 */
let runner;

async function startRunner() {
  const server = await createServer({
    configFile: false,
    envFile: false,
    // This package: where Vite would keep a cache, never the student's working folder.
    root: fileURLToPath(new URL('..', import.meta.url)),
    logLevel: 'error',
    appType: 'custom',
    // Only a module runner: no HTTP server, no file watcher, no dependency pre-bundling.
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  // Not createServerModuleRunner: its import.meta, on Node 20 (no module.registerHooks), registers a module
  // customization hook for import.meta.resolve, which starts a loader thread and then sends every later import
  // of the process through it. The workspace's modules never call import.meta.resolve; without the hook a cold
  // `cloudlab grade 01` starts ~1 s sooner (bench/cold-grade.ts).
  return new ModuleRunner(
    {
      transport: createServerModuleRunnerTransport({ channel: server.environments.ssr.hot }),
      hmr: false,
      createImportMeta: (modulePath) => ({ ...createDefaultImportMeta(modulePath), main: false }),
      sourcemapInterceptor: 'node',
    },
    new ESModulesEvaluator(),
  );
}
