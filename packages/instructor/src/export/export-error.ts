/** An export that cannot be made as asked; the message says what to do (the CLI prints it and exits 2). */
export class ExportError extends Error {
  readonly code = 'ExportError';
}
