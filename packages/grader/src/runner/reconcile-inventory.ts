import type { CheckResult, LabResult, LabStatus } from '../model/run-result.ts';
import { describeProbeFailure, type ProbeFailure } from '../runtime/probe-failures.ts';
import { canaryNamed } from './canary-titles.ts';
import type { InventoryCheck, LabInventory } from './trusted-inventory.ts';

export interface ReconcileOptions {
  /** This run's canary titles: a check by one of those names must have failed. */
  canaries?: readonly string[];
  /** Assertions of the run that had to fail and did not (runtime/verdict-probes.ts). */
  probeFailures?: readonly ProbeFailure[];
  /** Only these test files ran (a partial re-grade): the inventory's other checks are not expected. */
  files?: ReadonlySet<string>;
}

/**
 * A lab's result as the trusted inventory allows it: what the test run reported is only believed for checks
 * the inventory knows, at the inventory's points. A reported check the inventory does not know, reported
 * twice, or with other points, is dropped and the lab carries a `forged` reason; a check of the inventory
 * that came back without a verdict fails with 0 points. If a canary passed, or an assertion that had to fail
 * did not (a verdict probe), no verdict of the run can be believed: every check fails. The maximum is always
 * the inventory's.
 */
export function reconcileWithInventory(
  result: LabResult,
  inventory: LabInventory,
  options: ReconcileOptions = {},
): LabResult {
  const expected = inventory.checks.filter((check) => !options.files || options.files.has(check.file));
  const byId = new Map(expected.map((check) => [check.id, check]));
  // Reasons an earlier reconciliation found (the grading child's, before the batch's own) are kept.
  const forged: string[] = [
    ...(result.forged ?? []),
    ...(options.probeFailures ?? []).map(describeProbeFailure),
  ];
  const verdicts = new Map<string, CheckResult>();
  for (const reported of result.checks) {
    const canary = canaryNamed(reported.title, options.canaries);
    if (canary !== undefined) {
      if (reported.status === 'passed')
        forged.push(`the canary check "${canary}" passed: the run's verdicts were forged`);
      continue;
    }
    const known = byId.get(reported.id);
    if (!known) forged.push(`a result for a check the course does not have: "${reported.title}"`);
    else if (verdicts.has(reported.id)) forged.push(`two results for one check: "${reported.title}"`);
    else if (reported.maxPoints !== known.meta.points || reported.points > known.meta.points)
      forged.push(
        `"${reported.title}" reported ${reported.points}/${reported.maxPoints} points; it is worth ${known.meta.points}`,
      );
    else verdicts.set(reported.id, reported);
  }
  const canaryPassed = forged.some(voidsRun);
  const noResults = result.status === 'error' && result.checks.length === 0;
  const checks = noResults
    ? []
    : expected.map((check) => {
        const verdict = verdicts.get(check.id);
        if (canaryPassed) return failed(check, verdict, 'not graded: the run reported forged verdicts');
        return verdict
          ? trusted(check, verdict)
          : failed(check, undefined, 'no verdict came back for this check');
      });
  const score = checks.reduce((sum, check) => sum + check.points, 0);
  return {
    ...result,
    checks,
    score,
    maxScore: inventory.maxScore,
    status: noResults ? result.status : statusOf(checks, result.errors),
    ...(forged.length > 0 ? { forged } : {}),
  };
}

/** A reason that no verdict of the run can be believed (a canary passed, a probe did not fail). */
function voidsRun(reason: string): boolean {
  return reason.startsWith('the canary') || reason.startsWith('an assertion that must fail');
}

/**
 * The run's verdict, with the rubric (title, points, hints) taken from the inventory, never from the run; the
 * run only says which of the check's cause hints its failure matched.
 */
function trusted(check: InventoryCheck, verdict: CheckResult): CheckResult {
  const rubric = rubricOf(check);
  // A cause hint leads the hints only when it is one the inventory's check has.
  const cause =
    verdict.status === 'failed' ? check.meta.causes?.find((text) => text === verdict.hints[0]) : undefined;
  return {
    ...verdict,
    ...rubric,
    ...(cause ? { hints: [cause, ...rubric.hints] } : {}),
    points: verdict.status === 'passed' ? check.meta.points : 0,
  };
}

function failed(check: InventoryCheck, verdict: CheckResult | undefined, message: string): CheckResult {
  return {
    ...rubricOf(check),
    status: 'failed',
    points: 0,
    classification: 'wrong-answer',
    message,
    durationMs: verdict?.durationMs ?? 0,
  };
}

function rubricOf(check: InventoryCheck) {
  const { points, hints, exercise, concept } = check.meta;
  return {
    id: check.id,
    title: check.title,
    file: check.file,
    maxPoints: points,
    hints,
    ...(exercise !== undefined ? { exercise } : {}),
    ...(concept ? { concept } : {}),
  };
}

function statusOf(checks: readonly CheckResult[], errors: readonly string[]): LabStatus {
  if (checks.length === 0) return 'error';
  const unsure = checks.some((check) => check.classification && check.classification !== 'wrong-answer');
  if (unsure || errors.length > 0) return 'incomplete';
  return checks.every((check) => check.status === 'passed') ? 'passed' : 'failed';
}
