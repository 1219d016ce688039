import { AwsError } from './aws-error.ts';
import type { WireProtocol } from './types.ts';

/**
 * Counts each account's signed requests against `limit` (EmulatorOptions.accountLimits.requests). A shared
 * emulator keeps what every account makes in its own memory: without a bound, one learner's loop of
 * PutParameter or zero-byte PutObject calls could grow the batch process until it dies with every other
 * learner's grade. The labs' checks make about 500 requests per learner.
 */
export class RequestBudget {
  readonly #spent = new Map<string, number>();

  constructor(readonly limit: number | undefined) {}

  /** Counts one request of `accountId`; throws once the account has made `limit` of them. */
  charge(accountId: string, protocol: WireProtocol): void {
    if (this.limit === undefined) return;
    const spent = (this.#spent.get(accountId) ?? 0) + 1;
    this.#spent.set(accountId, spent);
    if (spent > this.limit) throw budgetSpent(protocol, this.limit);
  }

  forget(accountId: string): void {
    this.#spent.delete(accountId);
  }
}

/** Refused as the service refuses a caller over its quota: not retryable, and says which limit. */
function budgetSpent(protocol: WireProtocol, limit: number): AwsError {
  const message = `This account has made ${limit} requests, the most one account may make of this shared emulator (a batch allows each learner that many); no further request of it is served.`;
  if (protocol === 'rest-xml') return new AwsError('AccessDenied', message, 403);
  if (protocol === 'query') return new AwsError('LimitExceeded', message, 400);
  return new AwsError('LimitExceededException', message, 400);
}
