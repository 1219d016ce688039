import { defineConfig } from 'vitest/config';

// Bundling with esbuild and starting Node processes take seconds on a shared 2-core machine.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
