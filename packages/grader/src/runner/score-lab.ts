import { relative } from 'node:path';
import type { SerializedError, TestCase } from 'vitest/node';
import { CAUSE_PROPERTY, type CheckMeta } from '../authoring/check-meta.ts';
import type { LabInfo } from '../labs/discover-labs.ts';
import type { CheckResult, IntegrityReport, LabResult, LabStatus } from '../model/run-result.ts';
import type { HungCheckRecord } from '../runtime/watchdog.ts';
import { describeError } from './error-message.ts';
import { inExerciseOrder } from './exercise-order.ts';
import { type Classification, classifyError, type FailureClassifier } from './failure-classifier.ts';
import type { RawLabRun } from './lab-session.ts';
import { studentLocation, thrownByStudentCode } from './student-location.ts';

/** A check of the trusted inventory (trusted-inventory.ts), by test file: used when the student's code broke a file. */
export interface InventoryCheck {
  fullName: string;
  meta?: CheckMeta;
}
export type Inventory = Map<string, InventoryCheck[]>;

export interface ScoreInput {
  lab: LabInfo;
  codeDir: string;
  raw: RawLabRun;
  integrity: IntegrityReport;
  inventory?: Inventory;
  /** The caller's classifiers of failures that are not the student's (see failure-classifier.ts). */
  classifiers?: readonly FailureClassifier[];
}

type Classify = (error: unknown) => Classification;

const NO_META: CheckMeta = { points: 0, hints: [], timeoutMs: 0 };

export type UnhandledError = SerializedError & {
  VITEST_TEST_NAME?: string;
  VITEST_TEST_PATH?: string;
  cause?: unknown;
};

export function isWorkerExit(error: UnhandledError): boolean {
  return (
    describeError(error.cause).includes('Worker exited unexpectedly') ||
    String(error.message).includes('Worker exited')
  );
}

/** Turns one raw run into scored checks: only wrong answers cost points. */
export function scoreLab({
  lab,
  codeDir,
  raw,
  integrity,
  inventory,
  classifiers = [],
}: ScoreInput): LabResult {
  const classify = (error: unknown) => classifyError(error, classifiers);
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  const unhandled = raw.unhandledErrors as UnhandledError[];
  const where = (error: unknown) => studentLocation(error, codeDir, lab.dir);

  for (const module of raw.modules) {
    const file = relative(lab.dir, module.moduleId);
    const tests = [...module.children.allTests()];
    const loadErrors = module.errors();
    if (tests.length === 0 && loadErrors.length > 0) {
      checks.push(
        ...checksOfBrokenFile(file, module.moduleId, loadErrors[0], inventory, where, errors, classify),
      );
      continue;
    }
    for (const test of tests) {
      const hung = raw.hung.find(
        (record) => record.file === module.moduleId && record.fullName === test.fullName,
      );
      checks.push(
        scoreCheck(
          file,
          test,
          hung,
          unhandled,
          raw,
          where,
          setupErrorOf(test, loadErrors),
          (error) => thrownByStudentCode(error, codeDir),
          classify,
        ),
      );
    }
  }

  for (const error of unhandled) {
    if (error.VITEST_TEST_PATH || (isWorkerExit(error) && raw.hung.length > 0)) continue;
    errors.push(`${describeError(error)} (outside any check)`);
  }
  if (raw.modules.length === 0)
    errors.push(`lab ${lab.id} has no tests: add tests/*.test.ts files to labs/${lab.folder}`);

  const ordered = inExerciseOrder(checks, (check) => check.exercise);
  return summarize(lab, codeDir, ordered, errors, integrity, raw.durationMs);
}

function scoreCheck(
  file: string,
  test: TestCase,
  hung: HungCheckRecord | undefined,
  unhandled: UnhandledError[],
  raw: RawLabRun,
  where: (error: unknown) => CheckResult['location'],
  setupError: unknown,
  studentMade: (error: unknown) => boolean,
  classify: Classify,
): CheckResult {
  const meta = test.meta().cloudlab ?? NO_META;
  const result = test.result();
  const base: CheckResult = {
    id: `${file}::${test.fullName}`,
    title: test.fullName,
    file,
    ...(meta.exercise !== undefined ? { exercise: meta.exercise } : {}),
    ...(meta.concept ? { concept: meta.concept } : {}),
    status: 'passed',
    points: meta.points,
    maxPoints: meta.points,
    hints: meta.hints,
    durationMs: test.diagnostic()?.duration ?? 0,
  };
  const output = raw.output.of(test.id);
  if (output) base.output = output;
  const fail = (
    classification: CheckResult['classification'],
    message: string,
    error?: unknown,
  ): CheckResult => {
    const location = error === undefined ? undefined : where(error);
    return {
      ...base,
      status: 'failed',
      points: 0,
      classification,
      message,
      ...(location ? { location } : {}),
    };
  };

  if (hung) {
    return fail(
      'wrong-answer',
      `did not finish within ${hung.timeoutMs} ms and was stopped — look for a loop that never ends`,
    );
  }
  if (result.state === 'failed') {
    const error = result.errors[0];
    // An error the student's code made is their answer, whatever name it carries.
    const { classification, advice } = studentMade(error)
      ? { classification: 'wrong-answer' as const, advice: undefined }
      : classify(error);
    const message = describeError(error);
    const failed = fail(classification, advice ? `${message} — ${advice}` : message, error);
    const cause = causeHintOf(error, meta);
    return cause ? { ...failed, hints: [cause, ...meta.hints] } : failed;
  }
  if (result.state === 'skipped' && setupError !== undefined) {
    // Vitest skips the checks of a file or describe block whose beforeAll failed, and keeps the error there.
    const kind = classifyOutsideCheck(setupError, where(setupError), classify);
    const { advice } = classify(setupError);
    const message = `not run: the setup of ${file} failed: ${describeError(setupError)}`;
    const why = kind === 'wrong-answer' ? undefined : (advice ?? "the lab's tests are broken, not your code");
    return fail(kind, why ? `${message} — ${why}` : message, setupError);
  }
  if (result.state === 'skipped') return { ...base, status: 'skipped', points: 0 };
  if (result.state === 'pending') {
    return fail(
      'wrong-answer',
      'not run: the test worker died (out of memory, or the code ended its own process)',
    );
  }
  const stray = unhandled.find(
    (error) => error.VITEST_TEST_PATH === test.module.moduleId && error.VITEST_TEST_NAME === test.name,
  );
  if (stray) {
    return fail(
      'wrong-answer',
      `passed, but left an unhandled error behind: ${describeError(stray)} — await every promise you create`,
      stray,
    );
  }
  return base;
}

/** The hint of the cause the check's error was marked with (markCause), if any. */
function causeHintOf(error: unknown, meta: CheckMeta): string | undefined {
  const index = (error as Record<string, unknown> | undefined)?.[CAUSE_PROPERTY];
  return typeof index === 'number' ? meta.causes?.[index] : undefined;
}

/**
 * An error raised outside any check (an import, a beforeAll): inside the student's folder (a syntax error, a
 * missing export, their code called from a setup) it is their answer; anywhere else it is the endpoint or
 * the lab's tests that are broken.
 */
function classifyOutsideCheck(
  error: unknown,
  location: CheckResult['location'],
  classify: Classify,
): 'wrong-answer' | 'environment' | 'harness' {
  if (location) return 'wrong-answer';
  return classify(error).classification === 'environment' ? 'environment' : 'harness';
}

/** The error of the first setup (beforeAll) that failed around `test`: its describe blocks', then its file's. */
function setupErrorOf(test: TestCase, moduleErrors: readonly unknown[]): unknown {
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) {
    const [error] = parent.errors();
    if (error !== undefined) return error;
  }
  return moduleErrors[0];
}

/** The learner's file (`sso.ts`) an `@lab/…` import could not find, as Node and Vite word it. */
function missingLearnerFile(error: unknown): string | undefined {
  // Errors from the worker arrive serialized (plain, even prototype-less objects): read `message` as data.
  const text = (error as { message?: unknown } | null)?.message;
  const message = typeof text === 'string' ? text : typeof error === 'string' ? error : '';
  return /(?:Cannot find (?:package|module)|Failed to (?:load url|resolve import))\s+['"]?@lab\/([^'"\s]+)/.exec(
    message,
  )?.[1];
}

function checksOfBrokenFile(
  file: string,
  moduleId: string,
  error: unknown,
  inventory: Inventory | undefined,
  where: (error: unknown) => CheckResult['location'],
  errors: string[],
  classify: Classify,
): CheckResult[] {
  const location = where(error);
  const missing = missingLearnerFile(error);
  // A file the tests import from the learner's folder that is not there is the learner's to write, not a
  // broken course: without this, a submission that left out one file was graded "incomplete".
  const classification = missing ? 'wrong-answer' : classifyOutsideCheck(error, location, classify);
  const at = location ? ` (${location.file}:${location.line})` : '';
  const message = missing
    ? `your code has no ${missing}: write it (the lab's starter has one to begin from), then grade again`
    : classification === 'wrong-answer'
      ? `your code does not load: ${describeError(error)}${at}`
      : `${file} does not load: ${describeError(error)} — the lab's tests are broken, not your code`;
  const known = inventory?.get(moduleId);
  if (!known) {
    errors.push(`could not count the checks of ${file}: ${describeError(error)}`);
    return [];
  }
  return known.map((check) => {
    const meta = check.meta ?? NO_META;
    return {
      id: `${file}::${check.fullName}`,
      title: check.fullName,
      file,
      ...(meta.exercise !== undefined ? { exercise: meta.exercise } : {}),
      ...(meta.concept ? { concept: meta.concept } : {}),
      status: 'failed' as const,
      points: 0,
      maxPoints: meta.points,
      classification,
      message,
      hints: meta.hints,
      ...(location ? { location } : {}),
      durationMs: 0,
    };
  });
}

function summarize(
  lab: LabInfo,
  codeDir: string,
  checks: CheckResult[],
  errors: string[],
  integrity: IntegrityReport,
  durationMs: number,
): LabResult {
  const score = checks.reduce((sum, check) => sum + check.points, 0);
  const maxScore = checks.reduce((sum, check) => sum + check.maxPoints, 0);
  const unsure = checks.some((check) => check.classification && check.classification !== 'wrong-answer');
  let status: LabStatus;
  if (checks.length === 0) status = 'error';
  else if (unsure || errors.length > 0) status = 'incomplete';
  else status = checks.every((check) => check.status === 'passed') ? 'passed' : 'failed';
  const shownDir = codeDir.startsWith(`${lab.dir}/`) ? relative(lab.dir, codeDir) : codeDir;
  return {
    id: lab.id,
    slug: lab.slug,
    title: lab.title,
    codeDir: shownDir,
    status,
    score,
    maxScore,
    checks,
    integrity,
    errors,
    durationMs,
  };
}
