import { AwsError } from '../core/aws-error.ts';

/** An operation AWS has and the emulator does not: 501, saying where to run it instead. */
export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError(
    'NotImplemented',
    `The cloudlab emulator does not implement ${service}:${operation}; run against AWS (--target aws) or another endpoint (--endpoint URL) to use it`,
    501,
  );
}
