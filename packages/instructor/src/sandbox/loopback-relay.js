// Inside the sandbox (no network): listens on the emulator endpoint's port of the sandbox's own loopback and
// forwards each connection to the batch's relay socket (emulator-relay.ts). Plain JavaScript: child-entry.js
// starts it before anything else is loaded.
import { connect, createServer } from 'node:net';

/** Resolves once 127.0.0.1:<port of endpoint> accepts connections (or could not). */
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
  // A port it may not open (below 1024: the sandbox has no capability) leaves the learner without an emulator,
  // which the checks then report; the grading itself goes on.
  return new Promise((done) => {
    server.once('error', (error) => {
      process.stderr.write(
        `cloudlab sandbox: no emulator on ${url.host} inside the sandbox: ${error.message}\n`,
      );
      done();
    });
    server.listen(port, '127.0.0.1', () => {
      // The relay alone never keeps the grading child alive.
      server.unref();
      done();
    });
  });
}
