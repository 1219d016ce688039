/**
 * Where a failed deep equality differs, said in the message: Vitest's message prints both sides cut to 40
 * characters (`expected { name: 'greeting', …(3) } to deeply equal { name: 'greeting', …(3) }`), which look the
 * same, and its diff is not part of the one line a report shows. Runs in the test worker, where the assertion
 * error still holds the values themselves.
 */

interface Difference {
  path: string;
  expected?: unknown;
  received?: unknown;
  /** `missing`: expected has the field, received does not; `unexpected`: the reverse. */
  kind: 'value' | 'missing' | 'unexpected';
}

const MAX_VALUE = 60;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof RegExp);

const isAsymmetric = (value: unknown): value is { asymmetricMatch(other: unknown): boolean } =>
  isRecord(value) && typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';

const keyPath = (path: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/** The first place `received` differs from `expected`, walking expected's fields in order; subset: extra fields of received are fine (toMatchObject). */
export function firstDifference(
  received: unknown,
  expected: unknown,
  subset = false,
  path = '',
): Difference | undefined {
  if (isAsymmetric(expected))
    return expected.asymmetricMatch(received) ? undefined : { path, expected, received, kind: 'value' };
  if (Array.isArray(expected) && Array.isArray(received)) {
    for (let i = 0; i < Math.max(expected.length, received.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= received.length) return { path: at, expected: expected[i], kind: 'missing' };
      if (i >= expected.length) return { path: at, received: received[i], kind: 'unexpected' };
      const inner = firstDifference(received[i], expected[i], subset, at);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isRecord(expected) && isRecord(received) && !Array.isArray(expected) && !Array.isArray(received)) {
    for (const key of Object.keys(expected)) {
      const at = keyPath(path, key);
      // toEqual treats a field set to undefined as absent.
      if (!(key in received) && expected[key] !== undefined)
        return { path: at, expected: expected[key], kind: 'missing' };
      const inner = firstDifference(received[key], expected[key], subset, at);
      if (inner) return inner;
    }
    if (!subset) {
      for (const key of Object.keys(received)) {
        if (!(key in expected) && received[key] !== undefined)
          return { path: keyPath(path, key), received: received[key], kind: 'unexpected' };
      }
    }
    return undefined;
  }
  if (Object.is(received, expected)) return undefined;
  if (received instanceof Date && expected instanceof Date && received.getTime() === expected.getTime())
    return undefined;
  return { path, expected, received, kind: 'value' };
}

function show(value: unknown): string {
  let text: string;
  if (isAsymmetric(value)) {
    const matcher = value as { toAsymmetricMatcher?: () => string };
    text = typeof matcher.toAsymmetricMatcher === 'function' ? matcher.toAsymmetricMatcher() : String(value);
  } else if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined || typeof value === 'bigint' || typeof value === 'function')
    text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** One phrase: `at meta.region: expected "eu-west-1", received "us-east-1"`. */
export function describeDifference(difference: Difference): string {
  const at = difference.path ? `at ${difference.path.replace(/^\./, '')}` : 'the value itself';
  if (difference.kind === 'missing') return `${at} is missing (expected ${show(difference.expected)})`;
  if (difference.kind === 'unexpected')
    return `${at} is not expected (received ${show(difference.received)})`;
  return `${at}: expected ${show(difference.expected)}, received ${show(difference.received)}`;
}

const DEEP_EQUALITY = / to (deeply equal|strictly equal|match object) /;

/**
 * Puts where a deep-equality assertion differs before Vitest's cut-off pair of values, on the message's first
 * line (the one a report shows): `the config: at meta.region: expected "eu-west-1", received "us-east-1" —
 * expected { …(3) } to deeply equal { …(3) }`.
 */
export function explainDifference(error: unknown): void {
  if (!isRecord(error) || typeof error.message !== 'string') return;
  const [first = '', ...rest] = error.message.split('\n');
  const match = DEEP_EQUALITY.exec(first);
  if (!match || !isRecord(error.expected) || !isRecord(error.actual)) return;
  const difference = firstDifference(error.actual, error.expected, match[1] === 'match object');
  if (!difference) return;
  // Vitest writes a custom message as `message: expected …`.
  const start = first.lastIndexOf('expected ', match.index);
  const lead = first.slice(0, start);
  try {
    error.message = [`${lead}${describeDifference(difference)} — ${first.slice(start)}`, ...rest].join('\n');
  } catch {
    // A frozen error keeps Vitest's message.
  }
}
