import { describe, expect, it } from 'vitest';
import { batchAccountLimits, LEARNER_REQUEST_LIMIT } from './run-batch.ts';

describe('batchAccountLimits', () => {
  it('gives each learner graded at once a share of the emulator’s 256 MiB of S3 bodies, at most 32 MiB', () => {
    expect(batchAccountLimits(1).objectBytes).toBe(32 * 1024 * 1024);
    expect(batchAccountLimits(2).objectBytes).toBe(32 * 1024 * 1024);
    expect(batchAccountLimits(16).objectBytes).toBe(16 * 1024 * 1024);
    for (const workers of [1, 3, 7, 8, 9, 64])
      expect(batchAccountLimits(workers).objectBytes! * workers).toBeLessThanOrEqual(256 * 1024 * 1024);
  });

  it('bounds every learner’s requests, templates and function code alike', () => {
    expect(batchAccountLimits(2).requests).toBe(LEARNER_REQUEST_LIMIT);
    expect(batchAccountLimits(2).templateBytes).toBe(batchAccountLimits(64).templateBytes);
    expect(batchAccountLimits(2).codeBytes).toBe(batchAccountLimits(64).codeBytes);
    expect(batchAccountLimits(0).objectBytes).toBe(32 * 1024 * 1024);
  });
});
