import { defineConfig } from 'vitest/config';

// Run (twice at once) by two-instances.ts: the globalSetup's emulator must outlive either instance's close.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['ping.check.ts'],
    pool: 'forks',
    globalSetup: ['./http-emulator-setup.ts'],
  },
});
