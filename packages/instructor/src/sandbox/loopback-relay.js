// Inside the sandbox (no network): listens on the emulator endpoint's port of the sandbox's own loopback and
// forwards each connection to the batch's relay socket (emulator-relay.ts). Plain JavaScript: child-entry.js
// starts it before anything else is loaded.
import { connect, createServer } from 'node:net';

/** Resolves once 127.0.0.1:<port of endpoint> accepts connections. */
export function relayLoopback(endpoint, socketPath) {
  const url = new URL(endpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const server = createServer((local) => {
    const remote = connect(socketPath);
    local.pipe(remote).pipe(local);
    const end = () => {
      local.destroy();
      remote.destroy();
    };
    for (const side of [local, remote]) {
      side.on('error', end);
      side.on('close', end);
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      // The relay alone never keeps the grading child alive.
      server.unref();
      done();
    });
  });
}
