/**
 * A problem with the learner's environment (target, region, profile, credentials), not with lab code.
 * The message is one line: what is wrong, then what to do next. It never contains a secret.
 */
export class SessionError extends Error {
  constructor(
    /** An AWS error code where AWS has one (ExpiredToken), else a cloudlab code (NoRegion). */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'SessionError';
  }
}
