import { describe, expect, it } from 'vitest';
import { parseThrottle, Throttle } from './throttle.ts';

describe('Throttle', () => {
  it('throttles exactly rate × n of n requests, spread evenly', () => {
    const throttle = new Throttle({ ssm: 0.2 });
    const hits = Array.from({ length: 20 }, () => throttle.shouldThrottle('ssm'));
    expect(hits.filter(Boolean)).toHaveLength(4);
    expect(hits.map((hit, i) => (hit ? i + 1 : 0)).filter(Boolean)).toEqual([5, 10, 15, 20]);
  });

  it('never throttles services without a rate', () => {
    const throttle = new Throttle({ ssm: 1 });
    expect(throttle.shouldThrottle('sts')).toBe(false);
    expect(throttle.shouldThrottle('ssm')).toBe(true);
  });

  it('throttles one access key at its own rate and counter, leaving other keys and services alone', () => {
    const throttle = new Throttle({ ssm: 0.2 });
    throttle.setKeyRates('ASIASESSION', { ssm: 0.5 });
    const own = Array.from({ length: 4 }, () => throttle.shouldThrottle('ssm', 'ASIASESSION'));
    expect(own).toEqual([false, true, false, true]);
    const others = Array.from({ length: 5 }, () => throttle.shouldThrottle('ssm', 'AKIAOTHER'));
    expect(others).toEqual([false, false, false, false, true]);
    expect(throttle.shouldThrottle('sts', 'ASIASESSION')).toBe(false);
    throttle.setKeyRates('ASIASESSION', {});
    expect(throttle.shouldThrottle('ssm', 'ASIASESSION')).toBe(false);
  });

  it('parses ssm=0.2,s3=0.1 and refuses rates outside 0..1', () => {
    expect(parseThrottle('ssm=0.2,s3=0.1')).toEqual({ ssm: 0.2, s3: 0.1 });
    expect(() => parseThrottle('ssm=2')).toThrow(/between 0 and 1/);
    expect(() => parseThrottle('ssm')).toThrow(/SERVICE=RATE/);
  });
});
