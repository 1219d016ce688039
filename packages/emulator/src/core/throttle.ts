/**
 * The `--throttle ssm=0.2` knob: answers a fixed share of a service's requests with a throttling
 * error. Counter-based rather than random, so 0.2 throttles exactly every fifth request and tests of
 * a learner's retry logic are repeatable. Rates set for one access key (a lab's own STS session, through
 * the admin service) apply to that key's requests only, with their own counter, so one test can be
 * throttled while the rest of the suite shares the same account undisturbed.
 */
export class Throttle {
  private readonly counters = new Map<string, number>();
  private readonly keyRates = new Map<string, Record<string, number>>();

  constructor(private readonly rates: Record<string, number> = {}) {}

  /** Replaces the rates for requests signed with `accessKeyId` (an empty object removes them). */
  setKeyRates(accessKeyId: string, rates: Record<string, number>): void {
    if (Object.keys(rates).length === 0) this.keyRates.delete(accessKeyId);
    else this.keyRates.set(accessKeyId, { ...rates });
    for (const counter of this.counters.keys()) {
      if (counter.startsWith(`${accessKeyId} `)) this.counters.delete(counter);
    }
  }

  shouldThrottle(service: string, accessKeyId?: string): boolean {
    const own = accessKeyId === undefined ? undefined : this.keyRates.get(accessKeyId);
    const rate = own?.[service] ?? this.rates[service] ?? 0;
    if (rate <= 0) return false;
    const counter = own?.[service] !== undefined ? `${accessKeyId} ${service}` : service;
    const n = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, n);
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
