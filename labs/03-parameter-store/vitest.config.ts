import { defineLabConfig } from '@cloudlab/grader/vitest';

// One worker runs the test files in turn (tests register their hooks per file and undo what they change):
// the SDK, the lab's modules and the S3 Select engine load once per run instead of once per file.
export default defineLabConfig(import.meta.dirname, { isolate: false });
