/** Timing shared by the grading benches: a warm-up pass, then the median of `runs` timed passes. */

export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Runs every step in turn once to warm up, then `runs` more times; returns each timed pass in ms.
 * `warm` is called between the warm-up and the timed passes (e.g. to start measuring memory there).
 */
export async function warmPasses(
  steps: readonly (() => Promise<unknown>)[],
  runs: number,
  warm?: () => void,
): Promise<number[]> {
  for (const step of steps) await step();
  warm?.();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    for (const step of steps) await step();
    times.push(performance.now() - started);
  }
  return times;
}
