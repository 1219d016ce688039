/** An error a student can act on: a code, a message that says what to do next, and where, when known. */
export class SamError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SamError';
  }
}
