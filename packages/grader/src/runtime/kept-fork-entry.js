// Entry of a kept test worker (see runner/kept-forks-pool.ts): Vitest's own forks worker, plus the two
// things a worker that outlives one run needs. Plain JavaScript: it starts under bare Node, before any loader.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [vitestForksEntry, preloadList] = process.argv.slice(2);
if (!vitestForksEntry)
  throw new Error('kept-fork-entry: the path of vitest/dist/workers/forks.js is missing');

// A parked worker has no run to finish: when the grader's process goes, so does it.
process.on('disconnect', () => process.exit(0));

// Vitest's worker first: Node starts reading the IPC channel when the first 'message' listener is added, and a
// message that arrives before Vitest listens would be lost.
await import(pathToFileURL(vitestForksEntry).href);

// A spare (one worker per run) loads the course's packages (the SDK) while it waits, off the next learner's
// critical path: the files a trusted process's collecting worker had in require.cache (see
// listLoadedPackages), one a line, in the order it loaded them. Only node_modules files; a file that fails
// is left for the run to load (and fail) itself.
if (preloadList) {
  const require = createRequire(import.meta.url);
  for (const file of readFileSync(preloadList, 'utf8').split('\n')) {
    if (!file.includes('/node_modules/') || !/\.c?js$/.test(file)) continue;
    try {
      require(file);
    } catch {}
  }
}

// Vitest replaces process.exit with a throwing stub when it first sets up a worker, and puts the real one back
// after every run: a kept worker's next run would find the real one, and a student's process.exit() would end
// the worker. The stub goes back before each run, ahead of Vitest's own handler (it reads the same way).
process.prependListener('message', (message) => {
  if (message?.__vitest_worker_request__ !== true) return;
  if (message.type !== 'run' && message.type !== 'collect') return;
  process.exit = (code = process.exitCode || 0) => {
    throw new Error(`process.exit unexpectedly called with "${code}"`);
  };
});

process.on('message', (message) => {
  // What the no-code collection loaded: asked of a trusted worker only (the caller's no-code session).
  if (message?.__cloudlab_kept_worker__?.listModules) {
    const require = createRequire(import.meta.url);
    process.send?.({ __cloudlab_loaded_modules__: Object.keys(require.cache) });
    return;
  }
  // The next run's environment replaces this run's (a batch gives each submission its own AWS keys): names
  // the new environment lacks are removed, so nothing of one run is visible to the next. Vitest's own
  // VITEST_POOL_ID/VITEST_WORKER_ID were set in here at start, not passed in: they stay.
  const env = message?.__cloudlab_kept_worker__?.env;
  if (!env) return;
  for (const name of Object.keys(process.env)) {
    if (!(name in env) && !name.startsWith('VITEST_')) delete process.env[name];
  }
  Object.assign(process.env, env);
});
