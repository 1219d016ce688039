// Entry of a kept test worker (see runner/kept-forks-pool.ts): Vitest's own forks worker, plus the two
// things a worker that outlives one run needs. Plain JavaScript: it starts under bare Node, before any loader.
import { pathToFileURL } from 'node:url';

const [vitestForksEntry] = process.argv.slice(2);
if (!vitestForksEntry)
  throw new Error('kept-fork-entry: the path of vitest/dist/workers/forks.js is missing');

// A parked worker has no run to finish: when the grader's process goes, so does it.
process.on('disconnect', () => process.exit(0));

// Vitest's worker first: Node starts reading the IPC channel when the first 'message' listener is added, and a
// message that arrives before Vitest listens would be lost.
await import(pathToFileURL(vitestForksEntry).href);

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
