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

/**
 * The sandboxes have no network: each reaches the batch's one emulator through this Unix socket (bound into
 * it), which forwards every connection to the emulator's TCP endpoint. One emulator keeps one place that makes
 * and drops the accounts and knows each secret (for redaction); the learner's code still sees a TCP endpoint
 * on its own loopback (loopback-relay.js, in the grading child).
 */
export async function startEmulatorRelay(endpoint: string): Promise<EmulatorRelay> {
  const url = new URL(endpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const dir = await mkdtemp(join(tmpdir(), 'cloudlab-relay-'));
  const socket = join(dir, 'emulator.sock');
  const server = createServer((inside) => splice(inside, connect(port, host)));
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
      await new Promise<void>((done) => server.close(() => done()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
