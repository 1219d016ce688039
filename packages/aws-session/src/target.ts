import { SessionError } from './session-error.ts';

export const TARGETS = ['emulator', 'endpoint', 'aws', 'aws-emulator'] as const;
export type Target = (typeof TARGETS)[number];

export interface TargetChoice {
  target: Target;
  /** The endpoint URL in use, when one is known before any emulator starts. */
  endpoint?: string;
  /** Where the target was chosen: the option, CLOUDLAB_TARGET, the endpoint, or the default. */
  source: 'option' | 'env:CLOUDLAB_TARGET' | 'endpoint' | 'default';
}

export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

/** Throws InvalidEndpoint unless `value` is an absolute http(s) URL. */
export function validateEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SessionError(
      'InvalidEndpoint',
      `"${value}" is not a URL — pass a full URL such as http://127.0.0.1:4566 to --endpoint or AWS_ENDPOINT_URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SessionError(
      'InvalidEndpoint',
      `"${value}" must start with http:// or https:// — for example http://127.0.0.1:4566`,
    );
  }
  return value.replace(/\/+$/, '');
}

/**
 * Picks the target. CLOUDLAB_TARGET=emulator together with AWS_ENDPOINT_URL means "an emulator is already
 * running there" (the grader's globalSetup exports both), so no second emulator is started.
 */
export function chooseTarget(
  options: { target?: string; endpoint?: string },
  env: NodeJS.ProcessEnv = process.env,
): TargetChoice {
  const explicit = options.target ?? env.CLOUDLAB_TARGET;
  const source = options.target ? 'option' : env.CLOUDLAB_TARGET ? 'env:CLOUDLAB_TARGET' : undefined;
  if (explicit !== undefined && !isTarget(explicit)) {
    throw new SessionError(
      'UnknownTarget',
      `unknown target "${explicit}" — use one of ${TARGETS.join(', ')} (--target or CLOUDLAB_TARGET)`,
    );
  }
  const endpointValue = options.endpoint ?? (env.AWS_ENDPOINT_URL || undefined);
  const endpoint = endpointValue === undefined ? undefined : validateEndpoint(endpointValue);

  if (explicit === 'aws-emulator') {
    // createSession() resolves it into the endpoint target first (aws-emulator.ts); reaching here is a bug.
    throw new SessionError('UnresolvedTarget', 'target aws-emulator must be resolved by createSession()');
  }
  if (explicit === 'aws') {
    if (endpoint) {
      throw new SessionError(
        'ConflictingTarget',
        `target aws sends calls to real AWS, but an endpoint (${endpoint}) is set — unset AWS_ENDPOINT_URL / drop --endpoint, or use --target endpoint`,
      );
    }
    return { target: 'aws', source: source ?? 'option' };
  }
  if (explicit === 'endpoint') {
    if (!endpoint) {
      throw new SessionError(
        'MissingEndpoint',
        'target endpoint needs a URL — pass --endpoint http://127.0.0.1:4566 or export AWS_ENDPOINT_URL',
      );
    }
    return { target: 'endpoint', endpoint, source: source ?? 'option' };
  }
  if (explicit === 'emulator') return { target: 'emulator', endpoint, source: source ?? 'option' };
  if (endpoint) return { target: 'endpoint', endpoint, source: 'endpoint' };
  return { target: 'emulator', source: 'default' };
}
