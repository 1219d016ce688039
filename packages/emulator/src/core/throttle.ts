/**
 * The `--throttle ssm=0.2` knob: answers a fixed share of a service's requests with a throttling
 * error. Counter-based rather than random, so 0.2 throttles exactly every fifth request and tests of
 * a learner's retry logic are repeatable.
 */
export class Throttle {
  private readonly counters = new Map<string, number>();

  constructor(private readonly rates: Record<string, number> = {}) {}

  shouldThrottle(service: string): boolean {
    const rate = this.rates[service] ?? 0;
    if (rate <= 0) return false;
    const n = (this.counters.get(service) ?? 0) + 1;
    this.counters.set(service, n);
    return Math.floor(n * rate) > Math.floor((n - 1) * rate);
  }
}

/** Parses `ssm=0.2,s3=0.1` (the CLI's --throttle value). */
export function parseThrottle(spec: string): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const part of spec.split(',').filter(Boolean)) {
    const [service, value] = part.split('=');
    const rate = Number(value);
    if (!service || !(rate >= 0 && rate <= 1)) {
      throw new Error(
        `Invalid throttle "${part}": expected SERVICE=RATE with RATE between 0 and 1, e.g. ssm=0.2`,
      );
    }
    rates[service.trim()] = rate;
  }
  return rates;
}
