import { describe, expect, it } from 'vitest';
import { defaultWorkers } from './default-workers.ts';

describe('defaultWorkers', () => {
  it('takes one worker per core when memory allows', () => {
    expect(defaultWorkers({ cores: 2, freeMB: 8000 })).toBe(2);
    expect(defaultWorkers({ cores: 16, freeMB: 64_000 })).toBe(16);
  });

  it('takes fewer when free memory less 350 MB holds fewer workers of 450 MB', () => {
    expect(defaultWorkers({ cores: 8, freeMB: 350 + 3 * 450 })).toBe(3);
    expect(defaultWorkers({ cores: 8, freeMB: 350 + 3 * 450 - 1 })).toBe(2);
  });

  it('takes one at least, however little is free', () => {
    expect(defaultWorkers({ cores: 4, freeMB: 200 })).toBe(1);
  });

  it('reads this machine when given nothing', () => {
    expect(defaultWorkers()).toBeGreaterThanOrEqual(1);
  });
});
