import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import { stacksOf } from './stack-state.ts';

/**
 * Refuses a template the caller's account could not keep within `accountLimits.templateBytes`: every stack
 * and change set keeps its template (and the parsed copy) for as long as it lives, so in a shared emulator
 * (a batch) one learner's stacks must not grow the batch process without bound. Summed afresh at each call
 * (a batch account holds a handful of stacks), so a deleted stack frees its share with no bookkeeping.
 */
export function checkTemplateBudget(ctx: RequestContext, body: string): void {
  const limit = ctx.runtime.options.accountLimits?.templateBytes;
  if (limit === undefined) return;
  let held = Buffer.byteLength(body);
  for (const stack of stacksOf(ctx.runtime).values()) {
    if (stack.accountId !== ctx.principal.accountId) continue;
    held += Buffer.byteLength(stack.originalBody);
    for (const changeSet of stack.changeSets.values()) held += Buffer.byteLength(changeSet.body);
  }
  if (held > limit) {
    throw new AwsError(
      'LimitExceededException',
      `This account's stacks and change sets would hold ${held} bytes of templates, more than the ${limit} one account may keep in this shared emulator (a batch's share per learner); delete stacks or change sets first.`,
    );
  }
}
