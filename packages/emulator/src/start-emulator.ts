import type { AddressInfo, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import { type AccountCredentials, CredentialStore, type KeyRecord } from './core/credential-store.ts';
import { Journal } from './core/journal.ts';
import type { EmulatorOptions, EmulatorRuntime } from './core/types.ts';
import { Runtime } from './runtime.ts';
import { createFrontDoor } from './server.ts';
import { serviceFactories } from './services/index.ts';

export interface EmulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT (https:// with `tlsDir`) — one URL for every service. */
  endpoint: string;
  /** With `tlsDir`: the CA certificate (PEM) a client must trust, e.g. through AWS_CA_BUNDLE. */
  caBundle?: string;
  region: string;
  /** A key pair of the emulator's first account (reused across restarts when dataDir is set). */
  credentials: EmulatorCredentials;
  /** A new account, isolated from every other, with its own key pair (one per graded submission). */
  createAccount(): Promise<EmulatorCredentials & { accountId: string }>;
  /**
   * Deletes the account of a long-term key and everything it owns: keys (temporary ones too), roles, S3
   * buckets and their bodies, SSM parameters, stacks, Lambda functions (running invocations stop) and HTTP
   * APIs. The batch calls it after each submission so the shared emulator does not grow per learner.
   * In-memory emulators only: the journals of a data dir have no record of a deleted account.
   */
  deleteAccount(accessKeyId: string): Promise<void>;
  /**
   * Serves a connection that reached this process some other way than the emulator's port (a batch sandbox's
   * Unix socket), as if it had been accepted there: no second TCP connection and no bytes copied between two.
   */
  accept(connection: Duplex): void;
  /** For services and tests inside the process (attach role policies, read the clock). */
  runtime: EmulatorRuntime;
  /**
   * Lets the process exit while the emulator still listens: the listening socket and every connection stop
   * holding Node's event loop. For an emulator a script started for itself (a session's embedded emulator):
   * the script ends when its own work does, and a request in flight still keeps it alive (the client's socket).
   */
  unref(): void;
  stop(): Promise<void>;
}

/** Starts the emulator on a loopback port (a free one unless `port` is given). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved: EmulatorOptions = {
    ...options,
    host: options.host ?? '127.0.0.1',
    region: options.region ?? 'us-east-1',
    ...(options.dataDir ? { dataDir: resolve(options.dataDir) } : {}),
  };
  const now = () => resolved.clock?.() ?? Date.now();
  const keyJournal = resolved.dataDir
    ? Journal.open<KeyRecord>(join(resolved.dataDir, 'accounts'), CredentialStore.compact(now()))
    : undefined;
  const credentialStore = new CredentialStore(now, keyJournal);
  const runtime = new Runtime(resolved, credentialStore);
  const services = await Promise.all(serviceFactories.map((factory) => factory(runtime)));
  const tls = resolved.tlsDir
    ? await (await import('./core/tls-certificates.ts')).loadOrCreateTls(resolved.tlsDir, [
        ...new Set(['localhost', '127.0.0.1', '::1', resolved.host!]),
      ])
    : undefined;
  const server = createFrontDoor(runtime, services, tls);
  const connections = new Set<Socket>();
  let unrefConnections = false;
  server.on('connection', (socket: Socket) => {
    if (unrefConnections) socket.unref();
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(resolved.port ?? 0, resolved.host, () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host!.includes(':') ? `[${resolved.host}]` : resolved.host;
  runtime.endpoint = `${tls ? 'https' : 'http'}://${host}:${port}`;

  const first = credentialStore.firstAccount() ?? (await credentialStore.createAccount());
  let stopped = false;
  return {
    endpoint: runtime.endpoint,
    region: resolved.region!,
    ...(tls ? { caBundle: tls.caPath } : {}),
    credentials: redacted({ accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey }),
    createAccount: async () => redacted(pick(await credentialStore.createAccount())),
    async deleteAccount(accessKeyId) {
      if (resolved.dataDir) {
        throw new Error(
          'deleteAccount works on the in-memory emulator only: with --data-dir the journals cannot record a deleted account, so a restart would bring it back',
        );
      }
      const record = credentialStore.lookup(accessKeyId);
      if (!record || record.sessionToken !== undefined) {
        throw new Error(`deleteAccount: ${accessKeyId} is not a long-term access key of this emulator`);
      }
      const { accountId } = record.principal;
      // Keys first, so no request of the account starts while its resources go.
      for (const key of credentialStore.deleteAccount(accountId)) runtime.setThrottle(key, {});
      runtime.roles.deleteAccount(accountId);
      runtime.requestBudget.forget(accountId);
      runtime.ingress.forget(accountId);
      for (const service of services) await service.deleteAccount?.(accountId);
    },
    runtime,
    accept(connection) {
      server.emit('connection', connection);
    },
    unref() {
      server.unref();
      for (const socket of connections) socket.unref();
      unrefConnections = true;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      for (const service of services) await service.close?.();
      keyJournal?.close();
    },
  };
}

const pick = ({ accountId, accessKeyId, secretAccessKey }: AccountCredentials) => ({
  accountId,
  accessKeyId,
  secretAccessKey,
});

/** Keeps the secret out of console.log / util.inspect output (it stays a plain, readable property). */
function redacted<T extends EmulatorCredentials>(credentials: T): T {
  Object.defineProperty(credentials, inspect.custom, {
    enumerable: false,
    value: () => `{ accessKeyId: '${credentials.accessKeyId}', secretAccessKey: '<redacted>' }`,
  });
  return credentials;
}
