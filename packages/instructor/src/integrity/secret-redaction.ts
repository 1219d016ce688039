export const REDACTED = '<redacted: emulator secret key>';

/** True when `text` holds the secret: the learner's code printed its credentials (or the environment). */
export function containsSecret(text: string, secret: string): boolean {
  return secret.length >= 8 && text.includes(secret);
}

/**
 * A copy of `value` (any JSON) with every occurrence of the secret replaced, so the results and the report
 * never carry it even when a learner printed it.
 */
export function redactSecret<T>(value: T, secret: string): T {
  if (secret.length < 8) return value;
  return JSON.parse(JSON.stringify(value).replaceAll(JSON.stringify(secret).slice(1, -1), REDACTED)) as T;
}
