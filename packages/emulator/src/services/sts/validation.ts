import { AwsError } from '../../core/aws-error.ts';

/** STS's query-protocol validation error, in AWS's "1 validation error detected" wording. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}

export function requireParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    const member = name[0]!.toLowerCase() + name.slice(1);
    throw validationError(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** DurationSeconds within [min, max], or the default when absent. */
export function durationSeconds(
  params: Record<string, string>,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = params.DurationSeconds;
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw validationError(
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`,
    );
  }
  if (value < min) {
    throw validationError(
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
    );
  }
  if (value > max) {
    throw validationError(
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
  return value;
}

export function credentialsXml(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}) {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
