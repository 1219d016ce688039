import { type TestContext, type TestOptions, test } from 'vitest';
import { DEBUG_CHECKS_ENV, watchdog } from '../runtime/watchdog.ts';
import { causeHintsOf, markCause } from './cause-hints.ts';
import { type CauseHint, type CheckMeta, type CheckOptions, DEFAULT_CHECK_TIMEOUT_MS } from './check-meta.ts';
import { explainDifference } from './first-difference.ts';

export class CheckDefinitionError extends Error {
  readonly code = 'InvalidCheck';
  constructor(title: string, problem: string) {
    super(`check "${title}": ${problem} — fix the lab's tests/`);
    this.name = 'CheckDefinitionError';
  }
}

function toMeta(title: string, options: CheckOptions): { meta: CheckMeta; causes: CauseHint[] } {
  if (!title?.trim()) throw new CheckDefinitionError(title, 'needs a title');
  if (!Number.isFinite(options.points) || options.points < 0) {
    throw new CheckDefinitionError(title, `points must be a number >= 0, got ${options.points}`);
  }
  const list = Array.isArray(options.hint) ? options.hint : [options.hint];
  const hints = list.filter((hint): hint is string => typeof hint === 'string' && hint.trim().length > 0);
  if (hints.length === 0) throw new CheckDefinitionError(title, 'needs at least one non-empty hint');
  const causes = causeHintsOf(list, (problem) => new CheckDefinitionError(title, problem));
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const meta: CheckMeta = {
    points: options.points,
    hints,
    ...(causes.length > 0 ? { causes: causes.map((cause) => cause.hint) } : {}),
    timeoutMs,
    ...(options.concept ? { concept: options.concept } : {}),
    ...(options.exercise !== undefined ? { exercise: options.exercise } : {}),
  };
  return { meta, causes };
}

type CheckFn = (context: TestContext) => unknown | Promise<unknown>;

/** `test` or `test.concurrent`: what defineCheck needs of either. */
type DefineTest = (
  title: string,
  options: TestOptions,
  fn: (context: TestContext) => Promise<unknown>,
) => void;

function defineCheck(define: DefineTest, title: string, options: CheckOptions, fn: CheckFn): void {
  const { meta, causes } = toMeta(title, options);
  // Under a debugger a paused check must not time out.
  const timeout = process.env[DEBUG_CHECKS_ENV] ? 0 : meta.timeoutMs;
  define(title, { timeout, meta: { cloudlab: meta } }, async (context) => {
    // A check that hung in an earlier attempt of this run is not run again: it would only hang again.
    if (watchdog.isQuarantined(context.task)) context.skip();
    context.onTestFinished(() => watchdog.stop(context.task));
    watchdog.start(context.task, meta.timeoutMs);
    try {
      return await fn(context);
    } catch (error) {
      explainDifference(error);
      markCause(error, causes);
      throw error;
    }
  });
}

/**
 * A graded check: a Vitest test that carries its rubric (points, progressive hints, concept, exercise).
 * Reads like the sentence it grades: `check('whoami returns the account id', { points: 2, hint }, async () => …)`.
 */
export function check(title: string, options: CheckOptions, fn: CheckFn): void {
  defineCheck(test, title, options, fn);
}

/**
 * A check that runs together with the checks next to it that are also concurrent (Vitest's test.concurrent):
 * for checks that mostly wait (a waiter polling, a back-off), so their waits overlap. They must not share
 * state. Should one block the worker (an infinite loop), every check of the group still running fails with it:
 * which one spins cannot be told apart, so give a group only checks of the same exercise.
 */
check.concurrent = (title: string, options: CheckOptions, fn: CheckFn): void => {
  defineCheck(test.concurrent, title, options, fn);
};
