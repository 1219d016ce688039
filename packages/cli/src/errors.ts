import { ExitCode } from './exit-codes.ts';

/** An error the user can act on: printed as one line, never with a stack unless --debug. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.usageOrEnvironment,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
