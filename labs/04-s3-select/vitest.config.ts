import { defineLabConfig } from '@cloudlab/grader/vitest';

export default defineLabConfig(import.meta.dirname);
