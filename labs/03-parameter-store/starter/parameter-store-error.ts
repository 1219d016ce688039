/**
 * The one error this lab's functions throw for a Parameter Store failure: the AWS error code, the full
 * parameter name, and a message that says what to do next. Given code — the exercises call
 * `parameterStoreError(error, name)` in their catch blocks.
 */
export class ParameterStoreError extends Error {
  constructor(
    /** The AWS error code, e.g. ParameterNotFound, ValidationException, AccessDeniedException. */
    readonly code: string,
    /** The full parameter name the call was about. */
    readonly parameter: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ParameterStoreError';
  }
}

/** What to do next for the Parameter Store errors this lab meets. */
const NEXT_STEP: Record<string, string> = {
  ParameterNotFound: 'check the name (names are case sensitive) or create it with PutParameter',
  ParameterVersionNotFound: 'list the versions with GetParameterHistory and pick one that exists',
  ValidationException:
    'names use only a-z A-Z 0-9 _ . - and /, start with / when they have levels, and standard values stay under 4 KB (use Tier: Advanced for up to 8 KB)',
  HierarchyLevelLimitExceededException: 'a name may have at most 15 levels: flatten the hierarchy',
  AccessDeniedException:
    'the caller lacks a permission: kms:Decrypt on the key (alias/aws/ssm by default) to read a SecureString with decryption, or the ssm:* action named in the message',
  ThrottlingException:
    'retry with exponential backoff, or cache values instead of reading them on every call',
  ParameterAlreadyExists: 'pass Overwrite: true to write a new version',
};

/** Wraps an SDK error (or anything thrown) about `parameter` in a ParameterStoreError with a next step. */
export function parameterStoreError(error: unknown, parameter: string): ParameterStoreError {
  const code = error instanceof Error ? error.name : 'UnknownError';
  const detail = error instanceof Error ? error.message : String(error);
  const next = NEXT_STEP[code] ?? 'see the AWS message above';
  return new ParameterStoreError(code, parameter, `${code} for ${parameter}: ${detail} — ${next}`, {
    cause: error,
  });
}
