import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type { MiddlewareStack } from '@smithy/types';
import { SessionError } from './session-error.ts';
import { findProfile, readSharedProfiles } from './shared-config.ts';

/**
 * AWS_CA_BUNDLE and the profile's `ca_bundle`, for the JavaScript SDK. The AWS CLI and the SDKs for Python
 * read both; the JavaScript SDK reads neither, so without this no client the course makes could reach a
 * TLS endpoint with a private CA (cloudlab's `emulator --tls`, AWS's own emulator, a corporate proxy).
 * As in the AWS CLI, the environment variable wins over the profile, and the bundle replaces the default
 * trust store rather than adding to it.
 */
export interface CaBundle {
  path: string;
  /** Where the path came from, for messages and `doctor`. */
  source: 'env:AWS_CA_BUNDLE' | `profile ${string}`;
}

export function chooseCaBundle(profile: string, env: NodeJS.ProcessEnv = process.env): CaBundle | undefined {
  if (env.AWS_CA_BUNDLE) return { path: env.AWS_CA_BUNDLE, source: 'env:AWS_CA_BUNDLE' };
  const fromProfile = findProfile(readSharedProfiles(env), profile)?.ca_bundle;
  return fromProfile ? { path: fromProfile, source: `profile ${profile}` } : undefined;
}

/** An HTTPS agent that trusts exactly the bundle's certificates; SessionError CaBundleNotFound otherwise. */
export function caBundleAgent(bundle: CaBundle): Agent {
  let pem: string;
  try {
    pem = readFileSync(bundle.path, 'utf8');
  } catch (error) {
    throw new SessionError(
      'CaBundleNotFound',
      `the CA bundle ${bundle.path} (from ${bundle.source}) cannot be read (${(error as NodeJS.ErrnoException).code}) — point it at the endpoint's CA certificate (PEM), or unset it`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new SessionError(
      'CaBundleInvalid',
      `the CA bundle ${bundle.path} (from ${bundle.source}) holds no PEM certificate — it must contain "-----BEGIN CERTIFICATE-----" blocks`,
    );
  }
  return new Agent({ ca: pem, keepAlive: true });
}

// Node's codes for a server certificate the trust store does not vouch for.
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The SessionError for a TLS handshake the trust store refused, or undefined for any other error. */
export function untrustedCertificateError(
  error: unknown,
  endpoint: string,
  bundle: CaBundle | undefined,
): SessionError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !UNTRUSTED.has(code)) return undefined;
  const fix = bundle
    ? `the CA bundle ${bundle.path} (from ${bundle.source}) does not vouch for it: point AWS_CA_BUNDLE at the CA that endpoint prints (\`cloudlab emulator --tls\` prints its own)`
    : 'set AWS_CA_BUNDLE (or ca_bundle in your profile) to the CA certificate that endpoint uses';
  return new SessionError(
    'CertificateNotTrusted',
    `${endpoint} answered with a certificate Node does not trust (${code}) — ${fix}`,
    {
      cause: error,
    },
  );
}

/**
 * Turns an untrusted-certificate failure of any call into CertificateNotTrusted, which names the bundle.
 * At the initialize step, so it wraps the retries too (the SDK does not retry a refused handshake).
 */
export function addCertificateErrorMiddleware(
  stack: MiddlewareStack<object, object>,
  endpoint: () => string,
  bundle: CaBundle | undefined,
): void {
  stack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw untrustedCertificateError(error, endpoint(), bundle) ?? error;
      }
    },
    { step: 'initialize', name: 'cloudlabCertificateErrors', priority: 'high' },
  );
}
