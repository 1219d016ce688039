import { defineLabConfig } from '@cloudlab/grader/vitest';

// No AWS here: the fixture grades pure functions, so no emulator is started.
export default defineLabConfig(import.meta.dirname, { globalSetup: false });
