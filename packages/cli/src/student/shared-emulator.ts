/**
 * Grading several labs: the embedded emulator starts once, here, for all of them, instead of once in each
 * lab's Vitest globalSetup. The setup is the labs' own (`@cloudlab/aws-session/vitest-setup`): it exports
 * AWS_ENDPOINT_URL and the keys, so each lab's globalSetup then finds an endpoint and starts nothing.
 * Resource names carry the lab id (cloudlab-<learner>-<lab>-…), so labs sharing one emulator do not meet.
 * Returns the teardown (which also restores the environment); a no-op for other targets.
 */
export async function startSharedEmulator(): Promise<() => Promise<void>> {
  const { default: setup } = await import('@cloudlab/aws-session/vitest-setup');
  const teardown = await setup();
  return teardown ?? (async () => {});
}
