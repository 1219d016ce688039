/**
 * The emulator bench's load client: a lean replayer of one request signed in advance, in a child process of its
 * own (this file run with --load-client), so that the client costs a small share of a core and the figures measure the
 * servers. `LoadClient` is the bench's handle on one such child; `probe` reads one answer's shape.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';

/** Requests in flight at once, one per keep-alive connection. */
export const CONCURRENCY = 8;

/** One request as raw HTTP/1.1 bytes, and the loopback port to replay it to. */
export interface Target {
  port: number;
  request: string;
}
type ClientMessage = { target: Target } | { run: number };
export interface ClientReport {
  done: number;
  elapsed: number;
  /** The client's own CPU time (user + system) over the run. */
  cpuSeconds: number;
  error?: string;
}

/** The child's own argument: this module, run with it, is a load client. */
const LOAD_CLIENT_FLAG = '--load-client';

const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/**
 * One keep-alive connection replaying `request` until `deadline`, one request in flight. Written by hand
 * because node's own http client costs about as much CPU per request as the bare server it would measure
 * (the old bench's ceiling was the client's), and a load tool from the registry (autocannon) would add
 * dependencies to the install for this one bench. Each answer is parsed just far enough to find its end
 * and its status: the servers under test all send a Content-Length.
 */
function replay(target: Target, request: Buffer, deadline: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, '127.0.0.1');
    socket.setNoDelay(true);
    let pending: Buffer | undefined;
    let done = 0;
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.on('connect', () => socket.write(request));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      const data = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = undefined;
      const headEnd = data.indexOf('\r\n\r\n');
      const head = headEnd === -1 ? '' : data.toString('latin1', 0, headEnd);
      const length = CONTENT_LENGTH.exec(head);
      if (headEnd === -1 || (length && data.length < headEnd + 4 + Number(length[1]))) {
        pending = data;
        return;
      }
      if (!length) return fail(`an answer without Content-Length: ${head.split('\r\n')[0]}`);
      const status = Number(head.slice(9, 12));
      if (status < 200 || status > 299) return fail(`answered ${head.split('\r\n')[0]}`);
      done++;
      if (performance.now() < deadline) socket.write(request);
      else {
        socket.end();
        resolve(done);
      }
    });
  });
}

/** The child's side: takes its target, then runs for as many seconds as each message asks. */
function runLoadClient(): void {
  let target: Target | undefined;
  process.on('disconnect', () => process.exit(0)); // the bench is gone
  process.on('message', (message: ClientMessage) => {
    if ('target' in message) {
      target = message.target;
      return;
    }
    const bytes = Buffer.from(target!.request, 'latin1');
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + message.run * 1000;
    Promise.all(Array.from({ length: CONCURRENCY }, () => replay(target!, bytes, deadline))).then(
      (counts) => {
        const cpu = process.cpuUsage(cpuBefore);
        const report: ClientReport = {
          done: counts.reduce((a, b) => a + b, 0),
          elapsed: (performance.now() - started) / 1000,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        };
        process.send!(report);
      },
      (error: Error) => process.send!({ done: 0, elapsed: 0, cpuSeconds: 0, error: error.message }),
    );
  });
}

/** A load client process bound to one case's server and request. */
export class LoadClient {
  private constructor(readonly child: ChildProcess) {}

  /** Starts the child (under tsx, from `cwd`) and hands it its target. */
  static start(target: Target, cwd: string): LoadClient {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, LOAD_CLIENT_FLAG], {
      cwd,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.send({ target } satisfies ClientMessage);
    return new LoadClient(child);
  }

  run(seconds: number): Promise<ClientReport> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (report: ClientReport) =>
        report.error ? reject(new Error(report.error)) : resolve(report),
      );
      this.child.send({ run: seconds } satisfies ClientMessage);
    });
  }
}

/** One answer's shape, to check that two servers answer alike: head and body sizes, header count. */
export interface AnswerShape {
  headBytes: number;
  bodyBytes: number;
  headers: number;
  body: string;
}

export function probe(port: number, request: string): Promise<AnswerShape> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    socket.on('connect', () => socket.write(request, 'latin1'));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const headEnd = data.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const head = data.toString('latin1', 0, headEnd);
      const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
      if (data.length < headEnd + 4 + length) return;
      socket.destroy();
      const body = data.toString('utf8', headEnd + 4, headEnd + 4 + length);
      resolve({ headBytes: headEnd + 4, bodyBytes: length, headers: head.split('\r\n').length - 1, body });
    });
  });
}

if (process.argv.includes(LOAD_CLIENT_FLAG)) runLoadClient();
