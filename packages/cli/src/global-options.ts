import { createSession, type Session, SessionError, type SessionOptions } from '@cloudlab/aws-session';
import type { Command } from 'commander';
import type { GlobalFlags } from './cli-table.ts';
import { CliError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';

/** The global options of `command` (--target, --endpoint, --profile, --region) as createSession() options. */
export function sessionOptions(command: Command): SessionOptions {
  const { target, endpoint, profile, region, awsEmulatorPort } = command.optsWithGlobals<GlobalFlags>();
  // Through the environment, as the lab tests and grading workers read it.
  if (awsEmulatorPort !== undefined) process.env.CLOUDLAB_AWS_EMULATOR_PORT = awsEmulatorPort;
  return { target, endpoint, profile, region };
}

/**
 * A session for the global options. Bad input (an unknown --target, a malformed --endpoint) becomes a
 * CliError with exit code 2 and the session's one-line message.
 */
export function openSession(command: Command): Session {
  try {
    return createSession(sessionOptions(command));
  } catch (error) {
    throw asCliError(error);
  }
}

/** SessionErrors are the environment's fault, never a failed check: exit code 2. */
export function asCliError(error: unknown): unknown {
  if (error instanceof SessionError) {
    return new CliError(error.message, ExitCode.usageOrEnvironment);
  }
  return error;
}
