import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a sandbox finds the relay's socket (bound there by bwrap-args). */
export const SOCKET_INSIDE = '/run/cloudlab/emulator.sock';

export interface EmulatorRelay {
  socket: string;
  close(): Promise<void>;
}

function splice(a: Socket, b: Socket): void {
  a.pipe(b).pipe(a);
  const end = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end);
  b.on('error', end);
  a.on('close', end);
  b.on('close', end);
}

/** Where the relay sends each sandbox connection: the emulator's TCP endpoint, or an emulator in this process. */
export type RelayTarget = string | { accept(connection: Socket): void };

/**
 * The sandboxes have no network: each reaches the batch's one emulator through this Unix socket (bound into
 * it). One emulator keeps one place that makes and drops the accounts and knows each secret (for redaction);
 * the learner's code still sees a TCP endpoint on its own loopback (loopback-relay.js, in the grading child).
 * An emulator in this process takes each connection as it comes (`accept`); another is reached through a TCP
 * connection per sandbox connection, every byte copied between the two.
 */
export async function startEmulatorRelay(target: RelayTarget): Promise<EmulatorRelay> {
  const forward =
    typeof target === 'string' ? tcpForwarder(target) : (inside: Socket) => target.accept(inside);
  const dir = await mkdtemp(join(tmpdir(), 'cloudlab-relay-'));
  const socket = join(dir, 'emulator.sock');
  // Closing the relay ends the connections it handed on too: an emulator keeps an idle one open for seconds.
  const open = new Set<Socket>();
  const server = createServer((inside) => {
    open.add(inside);
    inside.once('close', () => open.delete(inside));
    forward(inside);
  });
  try {
    // The sandboxes run as other users: they may pass through the folder and connect, not list it.
    await chmod(dir, 0o711);
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(socket, () => done());
    });
    await chmod(socket, 0o666);
  } catch (error) {
    // No relay to close yet: its folder goes with the failed start.
    server.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    socket,
    close: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      for (const inside of open) inside.destroy();
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function tcpForwarder(endpoint: string): (inside: Socket) => void {
  const url = new URL(endpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return (inside) => splice(inside, connect(port, host));
}
