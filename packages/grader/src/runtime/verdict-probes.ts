import { randomInt } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { assert, expect, type RunnerTestCase, vi } from 'vitest';
import { PROBE_FAILURES_FILE } from './probe-failures.ts';
import { fullNameOf, WATCHDOG_DIR_ENV } from './watchdog.ts';

/**
 * Verdict probes (issue #20, SECURITY.md item 2): the learner's code shares the test worker's realm with
 * `expect` and Vitest's runner, so it can patch them. A *blanket* forgery (every failing assertion or failing
 * test made to pass, without knowing which ones are the course's) is caught by making the same machinery
 * fail on purpose where it cannot tell: assertions of the forms the checks use, with random values, before,
 * during and after each check's body (check.ts), and canary checks that must be reported failed through the
 * same channel as every verdict (canary-setup.ts). A probe that does not fail is recorded in the run folder
 * (probe-failures.ts) and fails its check; the grader then believes no verdict of the run.
 */

/** `fs.appendFileSync` as it was when the probes loaded: a later patch of `fs` does not silence them. */
const append = appendFileSync;
const HERE = fileURLToPath(import.meta.url);
/** One mock for every `toHaveBeenCalled` probe: never called. */
const neverCalled = vi.fn();

type Form = (a: number, b: number) => unknown;

/** Each must throw (or reject) in an honest realm: a and b are random, and b > a. */
export const FAILING_FORMS: Record<string, Form> = {
  toBe: (a, b) => expect(a).toBe(b),
  'not.toBe': (a) => expect(`v${a}`).not.toBe(`v${a}`),
  toEqual: (a, b) => expect({ Id: `r-${a}`, Items: [a, b] }).toEqual({ Id: `r-${a}`, Items: [b, a] }),
  toStrictEqual: (a) => expect({ Count: a, Next: undefined }).toStrictEqual({ Count: a }),
  toMatchObject: (a, b) => expect({ Name: `n${a}`, Size: a, Tags: [] }).toMatchObject({ Size: b }),
  toThrow: (a) => expect(() => a).toThrow(),
  'toThrow(message)': (a, b) =>
    expect(() => {
      throw new Error(`failed ${a}`);
    }).toThrow(`failed ${b}`),
  'not.toThrow': (a) =>
    expect(() => {
      throw new RangeError(`out of range ${a}`);
    }).not.toThrow(),
  rejects: (a) => expect(Promise.resolve(a)).rejects.toBeDefined(),
  'resolves.toBe': (a, b) => expect(Promise.reject(new Error(`e${a}`))).resolves.toBe(b),
  'rejects.toThrow': (a, b) => expect(Promise.reject(new Error(`e${a}`))).rejects.toThrow(`x${b}`),
  toHaveBeenCalled: () => expect(neverCalled).toHaveBeenCalled(),
  toHaveBeenCalledTimes: (a) => expect(neverCalled).toHaveBeenCalledTimes((a % 3) + 1),
  toContain: (a, b) => expect([a, a - 1]).toContain(b),
  toMatch: (a, b) => expect(`arn:aws:s3:::b-${a}`).toMatch(new RegExp(`b-${b}$`)),
  toBeGreaterThan: (a, b) => expect(Math.min(a, b)).toBeGreaterThan(Math.max(a, b)),
  toHaveLength: (a) => expect([a]).toHaveLength(2),
  toHaveProperty: (a) => expect({ [`k${a}`]: a }).toHaveProperty(`k${a}`, a + 1),
  toBeUndefined: (a) => expect(a).toBeUndefined(),
  toBeTruthy: (a) => expect(a - a).toBeTruthy(),
  toBeInstanceOf: () => expect(new RangeError('r')).toBeInstanceOf(TypeError),
  'assert.strictEqual': (a, b) => assert.strictEqual(a, b),
  'assert.deepEqual': (a, b) => assert.deepEqual({ a }, { a: b }),
};
const FORM_NAMES = Object.keys(FAILING_FORMS);
/** The forms that fail synchronously (for a timer in the middle of a body, which cannot await). */
const SYNC_FORM_NAMES = FORM_NAMES.filter((name) => !/rejects|resolves/.test(name));
/**
 * The ways a form reaches its failure, so that a patch of one way is caught at every check, not only when the
 * random draw lands on it: most matchers end in chai's `Assertion.prototype.assert`; a few of Vitest's throw
 * their own error; the promise forms fail by settling the wrong way. (verdict-probes.test.ts proves the split
 * against the Vitest in use: patching `assert` makes exactly the first group pass.)
 */
export const OWN_THROW_FORMS = ['toMatchObject', 'toHaveBeenCalled'];
export const SETTLE_FORMS = ['rejects', 'resolves.toBe'];
export const CHAI_ASSERT_FORMS = FORM_NAMES.filter(
  (name) => !OWN_THROW_FORMS.includes(name) && !SETTLE_FORMS.includes(name),
);

function randomPair(): [number, number] {
  // node:crypto, not Math.random: a check may mock Math.random and count its calls.
  const a = randomInt(1_000_000);
  return [a, a + 1 + randomInt(1000)];
}

function pick(count: number, names = FORM_NAMES): string[] {
  return Array.from({ length: count }, () => names[randomInt(names.length)]!);
}

/**
 * Runs a form without counting it as an assertion of the check (`expect.assertions(n)` must see only the
 * check's own): the count is put back right after the synchronous call, which is where `expect()` counts.
 */
function uncounted(form: Form, a: number, b: number): { value?: unknown; threw: boolean } {
  const { assertionCalls } = expect.getState();
  try {
    return { value: form(a, b), threw: false };
  } catch {
    return { threw: true };
  } finally {
    expect.setState({ assertionCalls });
  }
}

/** True when the form failed as it must. */
async function formFails(name: string): Promise<boolean> {
  const [a, b] = randomPair();
  const { value, threw } = uncounted(FAILING_FORMS[name]!, a, b);
  if (threw) return true;
  // `resolves`/`rejects` answer with a thenable of Vitest's own, not a Promise.
  if (typeof (value as PromiseLike<unknown> | undefined)?.then !== 'function') return false;
  return Promise.resolve(value as PromiseLike<unknown>).then(
    () => false,
    () => true,
  );
}

/** The same, for a timer in the middle of a check's body: only forms that fail synchronously. */
function formFailsNow(name: string): boolean {
  const [a, b] = randomPair();
  return uncounted(FAILING_FORMS[name]!, a, b).threw;
}

/**
 * An error made here must say it was made here: where an error was made decides its failure class
 * (student-location.ts), and a realm whose `Error.prepareStackTrace` or `stack` was rewritten would have the
 * learner's errors look like the environment's. A stack with no frames at all (Error.stackTraceLimit = 0)
 * names nobody, and is a wrong answer there.
 */
function stackHolds(): boolean {
  const { stack } = new Error('probe');
  if (typeof stack !== 'string') return false;
  const frame = stack.split('\n').find((line) => line.startsWith('    at '));
  return frame === undefined || frame.includes(HERE);
}

function record(task: RunnerTestCase, form: string, point: string): void {
  const dir = process.env[WATCHDOG_DIR_ENV];
  if (!dir) return;
  const line = JSON.stringify({ form, point, fullName: fullNameOf(task), file: task.file.filepath });
  try {
    append(join(dir, PROBE_FAILURES_FILE), `${line}\n`);
  } catch {
    // The check still fails (see probeVerdicts).
  }
}

export class ForgedVerdictError extends Error {
  constructor(form: string, point: string) {
    super(
      `this run cannot be graded: an assertion that must fail (${form}) passed ${point} this check — the assertion library, the test runner or the error stacks were changed by the code under test`,
    );
    this.name = 'ForgedVerdictError';
  }
}

/** Probes at one point of a check (`before` or `after` its body): throws if one did not fail. */
export async function probeVerdicts(task: RunnerTestCase, point: 'before' | 'after'): Promise<void> {
  // One form of each way to fail: a draw of two from all missed a patch of chai's `assert` 1 check in 36.
  const forms = [...pick(1, CHAI_ASSERT_FORMS), ...pick(1, OWN_THROW_FORMS), ...pick(1, SETTLE_FORMS)];
  for (const form of forms) {
    if (!(await formFails(form))) {
      record(task, form, point);
      throw new ForgedVerdictError(form, point);
    }
  }
  if (!stackHolds()) {
    record(task, 'stack', point);
    throw new ForgedVerdictError('stack', point);
  }
}

/**
 * Probes at a random moment while a check's body waits (most checks wait on the endpoint): a patch made by
 * the learner's call and undone before the body returns is caught there. `check()` throws the failure found
 * once the body is done (`stop()`).
 */
export function probeDuring(task: RunnerTestCase): { stop: () => void } {
  let failed: string | undefined;
  // node:timers' own setTimeout: fake timers (vi.useFakeTimers) replace only the global one.
  const timer = setTimeout(() => {
    const [form] = pick(1, SYNC_FORM_NAMES) as [string];
    if (!formFailsNow(form)) failed = form;
    else if (!stackHolds()) failed = 'stack';
    if (failed) record(task, failed, 'during');
  }, 1 + randomInt(30));
  return {
    stop: () => {
      clearTimeout(timer);
      if (failed) throw new ForgedVerdictError(failed, 'during');
    },
  };
}

/** The body of a canary check: one failing form, picked at random, thrown as a real check's would be. */
export function canaryBody(): (context: { task: RunnerTestCase }) => Promise<void> {
  const [form] = pick(1) as [string];
  const [a, b] = randomPair();
  return async ({ task }) => {
    await FAILING_FORMS[form]!(a, b);
    // Still here: the assertion did not throw. The canary fails anyway, and the run is marked.
    record(task, form, 'in the canary');
    throw new ForgedVerdictError(form, 'in');
  };
}
