/** The parts of a Vitest `SerializedError` (or any error-like value) the classifier reads. */
export interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  [key: string]: unknown;
}

/** What the grader's failure classifiers answer (`FailureClassifier` of @cloudlab/grader). */
export interface Classification {
  classification: 'environment' | 'harness' | 'wrong-answer';
  /** For environment failures: what to fix, since it is not the student's code. */
  advice?: string;
}

// Error names/codes that mean the target could not be reached or answered in time (Node's socket errors
// and the AWS SDK's `TimeoutError`/`RequestTimeout`): the student's code is not at fault.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
// Credentials the SDK could not find or the service did not accept.
const NO_CREDENTIALS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthFailure',
]);
const NOT_PERMITTED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
// AWS's throttling codes (the SDK retries these; one that still surfaces means the target is overloaded).
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
]);
function* causeChain(error: unknown): Generator<ErrorLike> {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); ) {
    seen.add(current);
    yield current as ErrorLike;
    current = (current as ErrorLike).cause;
  }
}

function codesOf(error: ErrorLike): string[] {
  const codes = [error.name, error.code, typeof error.Code === 'string' ? error.Code : undefined];
  // fetch() wraps socket errors: "fetch failed" with the code only in the message of a nested cause. An
  // assertion's message is the check's own prose — `expected 'TODO(6)' to match /ECONNREFUSED/` quotes what
  // the check wanted — so it names no code; a real socket error under it is still found as its cause.
  const inMessage =
    error.name === 'AssertionError' ? undefined : /\b(E[A-Z]{3,}[A-Z_]*)\b/.exec(error.message ?? '')?.[1];
  return [...codes, inMessage].filter((code): code is string => typeof code === 'string');
}

/**
 * The AWS failure classifier the CLI, the batch and dev check hand to the grader: an unreachable endpoint,
 * missing credentials or permission, throttling or a server fault is the environment's, not the student's.
 * Decides from error names, codes, `$fault` and `$metadata` — never from prose. Undefined: not an AWS
 * environment failure (the grader then calls it a wrong answer).
 */
export function classifyAwsFailure(error: unknown): Classification | undefined {
  for (const link of causeChain(error)) {
    for (const code of codesOf(link)) {
      if (UNREACHABLE.has(code)) {
        return {
          classification: 'environment',
          advice: `the AWS endpoint did not answer (${code}) — check it is running (\`cloudlab doctor\`) and grade again`,
        };
      }
      if (NO_CREDENTIALS.has(code)) {
        return {
          classification: 'environment',
          advice: `no usable AWS credentials (${code}) — run \`cloudlab doctor\` to see which credentials are found`,
        };
      }
      if (NOT_PERMITTED.has(code)) {
        return {
          classification: 'environment',
          advice: `your identity lacks a permission this lab needs (${code}) — see the lab's README, "Permissions"`,
        };
      }
      if (THROTTLED.has(code)) {
        return {
          classification: 'environment',
          advice: `the AWS endpoint throttled the requests (${code}) — wait a minute and grade again`,
        };
      }
    }
    if (link.$fault === 'server' || (link.$metadata?.httpStatusCode ?? 0) >= 500) {
      return {
        classification: 'environment',
        advice: 'the AWS endpoint failed with a server error — grade again in a moment',
      };
    }
  }
  return undefined;
}
