import { defineLabConfig } from '@cloudlab/grader/vitest';

// One worker runs the test files in turn (each file makes its own bucket in hooks it registers itself, and the
// S3 Select probe answers for the whole run): the SDK and the S3 Select engine load once per run, not per file.
export default defineLabConfig(import.meta.dirname, { isolate: false });
