// The grading child's entry: `node child-entry.js <absolute path of worker-main.ts or warm-worker-main.ts>`.
// Plain JavaScript on purpose: it starts the child as bin/cloudlab.js starts `cloudlab grade`. Vitest first (see
// the grader's preload), then the worker's TypeScript through the Vite that Vitest loads anyway, not tsx: no tsx
// loader hooks and no second esbuild service in every grading child of a batch (see the grader's vite-loader).
// The child runs in the learner's folder: these imports resolve from this file, never from the working folder.
// In a sandbox (no network), the emulator's endpoint is served on the sandbox's own loopback first.
if (process.env.CLOUDLAB_EMULATOR_SOCKET && process.env.AWS_ENDPOINT_URL) {
  const { relayLoopback } = await import('../sandbox/loopback-relay.js');
  await relayLoopback(process.env.AWS_ENDPOINT_URL, process.env.CLOUDLAB_EMULATOR_SOCKET);
}
await import('@cloudlab/grader/preload');
const { importThroughVite } = await import('@cloudlab/grader/vite-loader');

await importThroughVite(process.argv[2]);
