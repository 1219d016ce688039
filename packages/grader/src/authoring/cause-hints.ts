import { CAUSE_PROPERTY, type CauseHint } from './check-meta.ts';

/** The cause hints of a check's hint list, validated: a `when` that is a RegExp or a function, a non-empty hint. */
export function causeHintsOf(list: readonly unknown[], invalid: (problem: string) => Error): CauseHint[] {
  return list.flatMap((entry) => {
    if (typeof entry === 'string') return [];
    const cause = entry as Partial<CauseHint> | null;
    const when = cause?.when;
    if (!(when instanceof RegExp) && typeof when !== 'function')
      throw invalid('a hint is a string or { when: RegExp | (error) => boolean, hint: string }');
    if (typeof cause?.hint !== 'string' || !cause.hint.trim())
      throw invalid('a cause hint needs a non-empty hint');
    return [cause as CauseHint];
  });
}

function matches(cause: CauseHint, error: unknown): boolean {
  if (typeof cause.when === 'function') {
    try {
      return cause.when(error) === true;
    } catch {
      // A predicate that cannot read this error (a thrown string, a null) does not match it.
      return false;
    }
  }
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const text =
    typeof message === 'string' ? `${typeof name === 'string' ? name : 'Error'}: ${message}` : String(error);
  return cause.when.test(text);
}

/**
 * Marks a failed check's error with the index of the first cause hint it matches. The mark travels with the
 * error Vitest serializes; the scorer turns it back into the hint's text from the trusted inventory.
 */
export function markCause(error: unknown, causes: readonly CauseHint[]): void {
  if (causes.length === 0 || error === null || typeof error !== 'object') return;
  const index = causes.findIndex((cause) => matches(cause, error));
  if (index < 0) return;
  try {
    (error as Record<string, unknown>)[CAUSE_PROPERTY] = index;
  } catch {
    // A frozen error keeps no mark: the progressive hints are shown instead.
  }
}
