import { defineLabConfig } from '@cloudlab/grader/vitest';

// The baseline of bench/cold-grade.ts: a lab's own Vitest config (every lab's is the shareable one,
// `isolate: false`) plus the embedded emulator as its global setup, which the grader's caller hands in and a
// plain `vitest run` in the lab's folder lacks (without it, checks that reach AWS from another process fail).
const labDir = process.env.BENCH_LAB_DIR;
if (!labDir) throw new Error('BENCH_LAB_DIR must name the lab folder');
export default defineLabConfig(labDir, { isolate: false, globalSetup: '@cloudlab/aws-session/vitest-setup' });
