import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The engine is pure functions over its input: one module graph per worker rather than per file,
    // 22.3 → 14.0 s CPU for the suite (files shuffled).
    isolate: false,
  },
});
