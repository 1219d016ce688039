import { defineConfig } from 'vitest/config';

// Run by global-setup.test.ts: proves the globalSetup's environment reaches pool=forks workers.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['env.check.ts'],
    pool: 'forks',
    globalSetup: ['./fake-emulator-setup.ts'],
  },
});
