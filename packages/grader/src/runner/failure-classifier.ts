import type { FailureClass } from '../model/run-result.ts';

export interface Classification {
  classification: FailureClass;
  /** For environment and harness failures: what to fix, since it is not the student's code. */
  advice?: string;
}

/**
 * Knows a kind of failure that is not the student's (an unreachable endpoint, missing credentials…) and says
 * so; undefined for any other. The grader knows none of its own beyond its harness: the caller (the CLI, the
 * batch, dev check) hands them in, e.g. `classifyAwsFailure` of @cloudlab/aws-session.
 */
export type FailureClassifier = (error: unknown) => Classification | undefined;

// Failures of the lab's own tests or of the grader.
const HARNESS = new Set(['CheckDefinitionError', 'LabDefinitionError', 'HarnessError']);

function* causeChain(error: unknown): Generator<{ name?: unknown }> {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); ) {
    seen.add(current);
    yield current as { name?: unknown };
    current = (current as { cause?: unknown }).cause;
  }
}

/** Whose fault a failure is: the harness's by its error's name, else the first classifier that knows it. */
export function classifyError(
  error: unknown,
  classifiers: readonly FailureClassifier[] = [],
): Classification {
  for (const link of causeChain(error)) {
    if (typeof link.name === 'string' && HARNESS.has(link.name)) {
      return {
        classification: 'harness',
        advice: "the lab's tests are broken, not your code — tell your instructor",
      };
    }
  }
  for (const classify of classifiers) {
    const known = classify(error);
    if (known) return known;
  }
  return { classification: 'wrong-answer' };
}
