import { randomInt } from 'node:crypto';
import { type TestContext, type TestOptions, test } from 'vitest';
import { canaryBody, probeDuring, probeVerdicts } from '../runtime/verdict-probes.ts';
import { DEBUG_CHECKS_ENV, watchdog } from '../runtime/watchdog.ts';
import { causeHintsOf, markCause } from './cause-hints.ts';
import { type CauseHint, type CheckMeta, type CheckOptions, DEFAULT_CHECK_TIMEOUT_MS } from './check-meta.ts';
import { explainDifference } from './first-difference.ts';
import { dropLibraryFrames } from './library-frames.ts';

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
    // Assertions that must fail, around and during the body: a realm whose expect or runner the code under
    // test patched is caught here, and no verdict of the run is believed (runtime/verdict-probes.ts).
    await probeVerdicts(context.task, 'before');
    const during = probeDuring(context.task);
    let value: unknown;
    try {
      value = await fn(context);
    } catch (error) {
      explainDifference(error);
      markCause(error, causes);
      dropLibraryFrames(error);
      throw error;
    } finally {
      during.stop();
    }
    await probeVerdicts(context.task, 'after');
    return value;
  });
  placeNextCanary(define);
}

/** The canaries of the current test file still to place, and how many checks to define before the next. */
let canaries: { titles: string[]; after: number } | undefined;

// node:crypto, not Math.random: a test file may mock Math.random at its top.
const randomGap = () => 1 + randomInt(3);

/**
 * Canary checks for the test file being collected (canary-setup.ts): each is defined right after a check
 * picked at random, where it looks like a check (same wrapper, same rubric fields, same describe block).
 */
export function placeCanaries(titles: readonly string[]): void {
  canaries = titles.length > 0 ? { titles: [...titles], after: randomGap() } : undefined;
}

function placeNextCanary(define: DefineTest): void {
  if (!canaries || --canaries.after > 0) return;
  const title = canaries.titles.shift() as string;
  canaries = canaries.titles.length > 0 ? { titles: canaries.titles, after: randomGap() } : undefined;
  defineCanary(define, title);
}

/** A check that must fail: it is in no inventory, so it never scores; reported passed, it voids the run. */
export function defineCanary(define: DefineTest, title: string): void {
  const saved = canaries;
  canaries = undefined;
  try {
    const points = 1 + randomInt(4);
    defineCheck(
      define,
      title,
      { points, hint: 'Compare your result with the example in the chapter.' },
      canaryBody(),
    );
  } finally {
    canaries = saved;
  }
}

/** `test`, for canary-setup.ts: the canary it defines first, ahead of the file's checks. */
export const defineTest: DefineTest = test;

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
