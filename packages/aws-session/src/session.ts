import type { Agent } from 'node:https';
import type { MiddlewareStack } from '@smithy/types';
import { pointAtAwsEmulator } from './aws-emulator.ts';
import { addCertificateErrorMiddleware, type CaBundle, caBundleAgent, chooseCaBundle } from './ca-bundle.ts';
import { buildClientConfig, type ClientConstructor, type SessionClientConfig } from './client-config.ts';
import { type Cloud9Detection, detectCloud9 } from './cloud9.ts';
import type { CredentialSource } from './credential-source.ts';
import { type ResolvedCredentials, resolveCredentials } from './credentials.ts';
import { type EmulatorHandle, startEmbeddedEmulator, stopEmbeddedEmulator } from './embedded-emulator.ts';
import { redactAccessKey } from './redact.ts';
import { chooseRegion, type RegionChoice, type RegionSource } from './region.ts';
import { profileName } from './shared-config.ts';
import { chooseTarget, type Target, type TargetChoice } from './target.ts';
import type { CallerIdentity } from './whoami.ts';

export interface SessionOptions {
  /** emulator (default) | endpoint | aws; CLOUDLAB_TARGET when absent. */
  target?: string;
  /** Shared config profile; AWS_PROFILE, then "default", when absent. */
  profile?: string;
  region?: string;
  /** Any AWS-compatible endpoint; AWS_ENDPOINT_URL when absent. */
  endpoint?: string;
  /** With target aws-emulator: the port of AWS's emulator (CLOUDLAB_AWS_EMULATOR_PORT, else its only run or 9297). */
  awsEmulatorPort?: number;
}

export interface SessionDescription {
  target: Target;
  targetSource: TargetChoice['source'];
  endpoint?: string;
  region?: string;
  regionSource?: RegionSource;
  regionError?: string;
  profile: string;
  cloud9: Cloud9Detection;
  /** AWS_CA_BUNDLE or the profile's ca_bundle, when the target is not the in-process emulator. */
  caBundle?: CaBundle;
  credentials?: {
    source: CredentialSource['kind'];
    label: string;
    /** At most `AKIA…WXYZ`; the secret key and session token are never part of a description. */
    accessKeyId: string;
    temporary: boolean;
    expiration?: string;
  };
  credentialsError?: string;
}

export interface Session {
  readonly target: Target;
  readonly targetSource: TargetChoice['source'];
  readonly profile: string;
  /** The region in effect; throws SessionError NoRegion on target aws when none is set. */
  readonly region: string;
  readonly regionSource: RegionSource;
  readonly cloud9: Cloud9Detection;
  /** The endpoint URL calls go to (starting the embedded emulator if needed); undefined for real AWS. */
  endpoint(): Promise<string | undefined>;
  credentials(): Promise<ResolvedCredentials>;
  /** Any SDK v3 client, configured for this session: `session.client(SSMClient)`. */
  client<T>(ctor: ClientConstructor<T>, overrides?: Partial<SessionClientConfig>): T;
  whoami(): Promise<CallerIdentity>;
  describe(): Promise<SessionDescription>;
  /** Stops the embedded emulator if this session started one. */
  close(): Promise<void>;
}

/** Throws SessionError (UnknownTarget, InvalidEndpoint, …) for bad options; everything else is lazy. */
export function createSession(options: SessionOptions = {}): Session {
  const env = process.env;
  if ((options.target ?? env.CLOUDLAB_TARGET) === 'aws-emulator') {
    // This process and every grading worker it starts then reach that run as the endpoint target.
    pointAtAwsEmulator(options.awsEmulatorPort, env);
    options = { ...options, target: 'endpoint', endpoint: env.AWS_ENDPOINT_URL };
  }
  const choice = chooseTarget(options, env);
  const profile = profileName(options.profile, env);
  const cloud9 = detectCloud9(env);
  const inProcessEmulator = choice.target === 'emulator' && !choice.endpoint;
  // The embedded emulator speaks plain HTTP on loopback; every other endpoint may be TLS with a private CA.
  const caBundle: CaBundle | undefined = inProcessEmulator ? undefined : chooseCaBundle(profile, env);
  let httpsAgent: Agent | undefined;
  let regionChoice: RegionChoice | undefined;
  let emulator: Promise<EmulatorHandle> | undefined;

  const getRegion = (): RegionChoice => {
    regionChoice ??= chooseRegion({ region: options.region, profile, target: choice.target }, env);
    return regionChoice;
  };
  const ensureEmulator = (): Promise<EmulatorHandle> => {
    // A session's own emulator must not keep Node running: a learner's two-line script that awaits whoami()
    // ends when its work does (its `exit` hook, which stops the emulator, never fires while a server holds
    // the loop). A request in flight still holds it: the client's socket.
    emulator ??= startEmbeddedEmulator(getRegion().region).then((handle) => {
      handle.unref?.();
      return handle;
    });
    emulator.catch(() => {
      emulator = undefined;
    });
    return emulator;
  };
  let cached: ResolvedCredentials | undefined;
  let pending: Promise<ResolvedCredentials> | undefined;
  const credentials = async (): Promise<ResolvedCredentials> => {
    // Temporary credentials are re-resolved a minute before they expire (STS sessions, Cloud9's refresh).
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 60_000)) return cached;
    pending ??= (
      inProcessEmulator
        ? ensureEmulator().then(emulatorCredentials)
        : resolveCredentials({ profileOption: options.profile, profile, cloud9, env })
    ).finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached;
  };
  const endpoint = async (): Promise<string | undefined> =>
    inProcessEmulator ? (await ensureEmulator()).endpoint : choice.endpoint;

  const session: Session = {
    target: choice.target,
    targetSource: choice.source,
    profile,
    cloud9,
    get region() {
      return getRegion().region;
    },
    get regionSource() {
      return getRegion().source;
    },
    endpoint,
    credentials,
    client<T>(ctor: ClientConstructor<T>, overrides: Partial<SessionClientConfig> = {}): T {
      if (caBundle) httpsAgent ??= caBundleAgent(caBundle);
      const config = buildClientConfig({
        local: choice.target !== 'aws',
        region: getRegion().region,
        credentials: async () => (await credentials()).identity,
        endpoint: inProcessEmulator
          ? async () => ({ url: new URL((await ensureEmulator()).endpoint) })
          : choice.endpoint,
        ...(httpsAgent ? { httpsAgent } : {}),
      });
      const client = new ctor({ ...config, ...overrides });
      const stack = (client as { middlewareStack?: MiddlewareStack<object, object> }).middlewareStack;
      if (!inProcessEmulator && stack) {
        addCertificateErrorMiddleware(
          stack,
          () => choice.endpoint ?? `AWS (${getRegion().region})`,
          caBundle,
        );
      }
      return client;
    },
    async whoami() {
      // Loaded on first use, like the credential providers: most sessions never ask who they are.
      const [{ STSClient }, { whoami }] = await Promise.all([
        import('@aws-sdk/client-sts'),
        import('./whoami.ts'),
      ]);
      return whoami(session.client(STSClient));
    },
    async describe(): Promise<SessionDescription> {
      const out: SessionDescription = {
        target: choice.target,
        targetSource: choice.source,
        profile,
        cloud9,
        ...(caBundle ? { caBundle } : {}),
      };
      try {
        out.region = getRegion().region;
        out.regionSource = getRegion().source;
      } catch (error) {
        out.regionError = (error as Error).message;
      }
      try {
        out.endpoint = await endpoint();
        const creds = await credentials();
        out.credentials = {
          source: creds.source.kind,
          label: creds.source.label,
          accessKeyId: redactAccessKey(creds.identity.accessKeyId),
          temporary: creds.temporary,
          // Cloud9's expiry is only when this session re-reads the file; its label says how Cloud9 refreshes.
          ...(creds.expiration && creds.source.kind !== 'cloud9-managed'
            ? { expiration: creds.expiration.toISOString() }
            : {}),
        };
      } catch (error) {
        out.credentialsError = (error as Error).message;
      }
      return out;
    },
    async close() {
      const started = emulator;
      emulator = undefined;
      cached = undefined;
      const handle = await started?.catch(() => undefined);
      if (handle) await stopEmbeddedEmulator(handle);
    },
  };
  return session;
}

function emulatorCredentials(handle: EmulatorHandle): ResolvedCredentials {
  return {
    identity: { ...handle.credentials },
    source: { kind: 'emulator', label: `the embedded emulator's learner account (${handle.endpoint})` },
    temporary: false,
  };
}
