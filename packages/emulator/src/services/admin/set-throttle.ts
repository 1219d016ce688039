import { AwsError } from '../../core/aws-error.ts';
import type { Operation, WireInput } from '../../core/operation.ts';

interface SetThrottleInput {
  /** Share of requests to throttle, by service signing name. */
  Rates: Record<string, number>;
}

interface SetThrottleOutput {
  AccessKeyId: string;
  Rates: Record<string, number>;
}

/**
 * `{ "Rates": { "ssm": 0.5 } }`: from now on, that share of the caller's own requests to each service
 * (signed with the same access key) is answered with the service's throttling error; `{}` stops it. A lab
 * takes a fresh STS session first, so the rest of the suite keeps the account's other keys unthrottled.
 */
export const setThrottle: Operation<WireInput<SetThrottleInput>, SetThrottleOutput> = {
  name: 'SetThrottle',
  // No AWS counterpart and no IAM action: a caller throttles only its own access key.
  iamAction: null,
  async handle(input, ctx) {
    const rates = input.Rates;
    if (!rates || typeof rates !== 'object' || Array.isArray(rates)) {
      throw new AwsError(
        'ValidationException',
        'Rates must be an object of SERVICE: RATE, e.g. {"ssm": 0.5}.',
      );
    }
    for (const [service, rate] of Object.entries(rates)) {
      if (!/^[a-z0-9-]{1,32}$/.test(service) || typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
        throw new AwsError(
          'ValidationException',
          `Rates.${service} must be a service signing name with a number between 0 and 1, e.g. {"ssm": 0.5}.`,
        );
      }
    }
    ctx.runtime.setThrottle(ctx.principal.accessKeyId, rates as Record<string, number>);
    return { AccessKeyId: ctx.principal.accessKeyId, Rates: rates as Record<string, number> };
  },
};
