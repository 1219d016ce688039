import { afterEach, describe, expect, it, vi } from 'vitest';
import { endOfTurn } from './turn-batch.ts';

describe('endOfTurn', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives every caller of one turn the same wait, and the next turn a new one', async () => {
    const first = endOfTurn();
    expect(endOfTurn()).toBe(first);
    const order: string[] = [];
    void first.then(() => order.push('turn end'));
    process.nextTick(() => order.push('tick'));
    await first;
    // It ends the turn: after the turn's own ticks, not as a microtask of the caller.
    expect(order).toEqual(['tick', 'turn end']);
    const next = endOfTurn();
    expect(next).not.toBe(first);
    await next;
  });

  it('still ends the turn while a test fakes the global timers', async () => {
    vi.useFakeTimers();
    const resolved = vi.fn();
    const wait = endOfTurn().then(resolved);
    // The fake clock never advances here: only the real setImmediate can resolve the wait.
    await new Promise<void>((resolve) => process.nextTick(resolve));
    await wait;
    expect(resolved).toHaveBeenCalledTimes(1);
  });
});
