/**
 * Grading several labs: the embedded emulator starts once, here, for all of them, instead of once in each
 * lab's Vitest globalSetup — which, when labs are graded side by side in this process (`dev check`), could not
 * work at all (see createGlobalSetup). It exports AWS_ENDPOINT_URL and the keys, so each lab's globalSetup
 * then finds an endpoint and starts nothing. Resource names carry the lab id (cloudlab-<learner>-<lab>-…), so
 * labs sharing one emulator do not meet. Returns the teardown (which also restores the environment); a no-op
 * for other targets.
 */
export async function startSharedEmulator(): Promise<() => Promise<void>> {
  const { startProcessEmulator } = await import('@cloudlab/aws-session/vitest-setup');
  return startProcessEmulator();
}
