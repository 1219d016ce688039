import type { Agent } from 'node:https';
import type { AwsCredentialIdentity, EndpointV2, Provider } from '@smithy/types';
import pkg from '../package.json' with { type: 'json' };

/** Added to every request's User-Agent so endpoint logs (and AWS CloudTrail) show calls from the course. */
export const USER_AGENT = `cloudlab/${pkg.version}`;

/** The options createSession() passes to any SDK v3 client; a caller's overrides win. */
export interface SessionClientConfig {
  region: string;
  credentials: () => Promise<AwsCredentialIdentity>;
  endpoint?: string | Provider<EndpointV2>;
  /** S3 only (others ignore it): local endpoints have no per-bucket DNS, so use http://host/bucket/key. */
  forcePathStyle?: boolean;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  customUserAgent: string;
  /** With AWS_CA_BUNDLE or the profile's ca_bundle: an HTTPS agent that trusts that bundle (ca-bundle.ts). */
  requestHandler?: { httpsAgent: Agent };
}

export type ClientConstructor<T> = new (config: SessionClientConfig) => T;

export function buildClientConfig(input: {
  local: boolean;
  region: string;
  credentials: () => Promise<AwsCredentialIdentity>;
  endpoint?: string | Provider<EndpointV2>;
  httpsAgent?: Agent;
}): SessionClientConfig {
  return {
    region: input.region,
    credentials: input.credentials,
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    ...(input.local ? { forcePathStyle: true } : {}),
    // The SDK's standard retry mode with its default of 3 attempts; throttling from the emulator's
    // --throttle knob is retried like AWS's.
    maxAttempts: 3,
    retryMode: 'standard',
    customUserAgent: USER_AGENT,
    ...(input.httpsAgent ? { requestHandler: { httpsAgent: input.httpsAgent } } : {}),
  };
}
