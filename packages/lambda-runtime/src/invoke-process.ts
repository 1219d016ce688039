import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type PooledProcess, WarmPool } from './warm-pool.ts';

/**
 * Runs Lambda invocations in child Node processes — what `sam local invoke` does in Docker, without Docker:
 * the function's environment, a hard timeout (kill), a heap limit from MemorySize, and Lambda's log lines.
 * With a pool, a process stays warm for the next invocation of the same function, as Lambda reuses an
 * execution environment (module scope survives; a crash or timeout discards it).
 */
export interface InvokeRequest {
  /** The unzipped deployment package. */
  codeDir: string;
  /** "file.export", as in the function's Handler. */
  handler: string;
  functionName: string;
  /** The function's Runtime (nodejs22.x…): the runtime's reserved AWS_EXECUTION_ENV, and its rules (bootstrap.mjs). */
  runtime?: string;
  event: unknown;
  timeoutSeconds: number;
  memorySizeMb: number;
  /** A function is called only when a new process starts (a warm one keeps the environment it started with). */
  environment: Record<string, string> | (() => Record<string, string>);
  functionArn?: string;
  /** Extra node flags, e.g. ["--inspect-brk=9229"] for a debugger. */
  execArgv?: string[];
  /** Keep the process for the next invocation with the same poolKey (one function version and configuration). */
  pool?: RuntimePool;
  poolKey?: string;
}

export interface InvokeResult {
  requestId: string;
  /** The handler's return value, or Lambda's error object when functionError is set. */
  payload: unknown;
  functionError?: 'Unhandled';
  /** START … END … REPORT lines and everything the handler logged, as CloudWatch would show them. */
  logs: string;
  durationMs: number;
  /** True when a warm process served it (no cold start). */
  warm: boolean;
}

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url));
/** Must match bootstrap.mjs. */
const END_MARKER = '\u0000cloudlab-invocation-end ';
/** How long to wait for the last log lines after the answer arrived, should stdout lag behind IPC. */
const LOG_GRACE_MS = 500;

interface Reply {
  /** Sent once the handler module is loaded (Lambda's init phase is over); the reply comes later. */
  initialized?: true;
  result?: unknown;
  error?: unknown;
  peakRss?: number;
}

/**
 * Lambda's init phase (starting the runtime, loading the handler module) has a limit of its own, 10 s, apart
 * from the function's timeout: a cold start on a starved machine must not eat a short function's timeout.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib
 */
const INIT_LIMIT_MS = 10_000;

/** One runtime process and the invocation it is running. */
class RuntimeProcess implements PooledProcess {
  readonly startedAt = Date.now();
  private exited = false;
  /** Receives each stdout/stderr line of the current invocation. */
  onLine: (line: string) => void = () => {};
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => {};

  private constructor(
    readonly key: string,
    readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      let carry = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (carry + chunk.toString('utf8')).split('\n');
        carry = parts.pop() ?? '';
        for (const line of parts) if (line) this.onLine(line);
      });
    }
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.onExit(code, signal);
    });
  }

  static spawn(req: InvokeRequest, key: string): RuntimeProcess {
    const child = fork(BOOTSTRAP, [], {
      cwd: req.codeDir,
      // Only what Lambda gives a function: its variables, the runtime's reserved ones, and PATH to find node.
      env: {
        PATH: process.env.PATH,
        // The CAs this process trusts beyond Node's own (AWS_CA_BUNDLE over TLS): the handler's SDK needs them too.
        ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
        // The SDK's documented switch for its Node-version notice, which would be an ERROR line in every log.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...(typeof req.environment === 'function' ? req.environment() : req.environment),
        AWS_LAMBDA_FUNCTION_NAME: req.functionName,
        ...(req.runtime ? { AWS_EXECUTION_ENV: `AWS_Lambda_${req.runtime}` } : {}),
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(req.memorySizeMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        LAMBDA_TASK_ROOT: req.codeDir,
        _HANDLER: req.handler,
      },
      execArgv: [`--max-old-space-size=${req.memorySizeMb}`, ...(req.execArgv ?? [])],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new RuntimeProcess(key, child);
  }

  alive(): boolean {
    return !this.exited && this.child.connected;
  }

  /** An idle process must not keep the emulator's process alive; a busy one must. */
  park(idle: boolean): void {
    const handles = [this.child, this.child.channel, this.child.stdout, this.child.stderr] as Array<
      { ref?(): void; unref?(): void } | null | undefined
    >;
    for (const handle of handles) idle ? handle?.unref?.() : handle?.ref?.();
  }

  stop(): void {
    if (this.exited) return;
    // Closing the IPC channel lets the bootstrap exit; a handler that ignores that is killed.
    if (this.child.connected) this.child.disconnect();
    setTimeout(() => this.child.kill('SIGKILL'), 1000).unref();
  }
}

export type RuntimePool = WarmPool<RuntimeProcess>;
export const createRuntimePool = (): RuntimePool => new WarmPool<RuntimeProcess>();

export function invokeInProcess(req: InvokeRequest): Promise<InvokeResult> {
  const requestId = randomUUID();
  const started = Date.now();
  const lines: string[] = [`START RequestId: ${requestId} Version: $LATEST`];
  const timeoutMs = req.timeoutSeconds * 1000;
  const key = req.poolKey ?? requestId;
  const reused = req.pool?.take(key);
  const runtime = reused ?? RuntimeProcess.spawn(req, key);
  runtime.park(false);
  req.pool?.lend(runtime);

  return new Promise<InvokeResult>((resolve) => {
    let settled = false;
    let reply: Reply | undefined;
    let markerSeen = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (payload: unknown, failed: boolean, healthy: boolean, peakRss?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      runtime.onLine = () => {};
      runtime.onExit = () => {};
      req.pool?.release(runtime);
      if (healthy && req.pool) {
        runtime.park(true);
        req.pool.put(runtime);
      } else runtime.stop();
      const durationMs = Date.now() - started;
      lines.push(`END RequestId: ${requestId}`);
      const used = peakRss ? `\tMax Memory Used: ${Math.ceil(peakRss / 1048576)} MB` : '';
      lines.push(
        `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\t` +
          `Billed Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${req.memorySizeMb} MB${used}`,
      );
      resolve({
        requestId,
        payload,
        logs: `${lines.join('\n')}\n`,
        durationMs,
        warm: Boolean(reused),
        ...(failed ? { functionError: 'Unhandled' as const } : {}),
      });
    };
    const answer = () => {
      if (!reply) return;
      // A handler error leaves the environment usable, as in Lambda; only a crash or timeout discards it.
      finish(reply.error ?? reply.result, Boolean(reply.error), true, reply.peakRss);
    };
    const timedOut = (seconds: string) => () => {
      runtime.child.kill('SIGKILL');
      lines.push(`${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`);
      const message = `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`;
      finish({ errorType: 'Sandbox.Timedout', errorMessage: message }, true, false);
    };
    // Until the handler is loaded, the init limit runs; from then on, the function's own timeout.
    let timer = setTimeout(timedOut((INIT_LIMIT_MS / 1000).toFixed(2)), INIT_LIMIT_MS);
    runtime.onLine = (line) => {
      if (line.startsWith(END_MARKER)) {
        markerSeen = true;
        answer();
      } else lines.push(line);
    };
    runtime.onExit = (code, signal) => {
      // Let the pipes drain so the last log lines are kept, then report the crash.
      setImmediate(() => {
        const how = signal ? `with signal: ${signal}` : `with error: exit status ${code}`;
        const error = {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${requestId} Error: Runtime exited ${how}`,
        };
        finish(error, true, false);
      });
    };
    const onMessage = (msg: Reply) => {
      if (msg.initialized) {
        clearTimeout(timer);
        timer = setTimeout(timedOut(req.timeoutSeconds.toFixed(2)), timeoutMs);
        return;
      }
      runtime.child.off('message', onMessage);
      reply = msg;
      if (markerSeen) answer();
      else grace = setTimeout(answer, LOG_GRACE_MS);
    };
    runtime.child.on('message', onMessage);
    runtime.child.send({
      codeDir: req.codeDir,
      handler: req.handler,
      event: req.event,
      context: {
        awsRequestId: requestId,
        functionName: req.functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn:
          req.functionArn ?? `arn:aws:lambda:us-east-1:000000000000:function:${req.functionName}`,
        memoryLimitInMB: String(req.memorySizeMb),
        logGroupName: `/aws/lambda/${req.functionName}`,
        logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${requestId.replaceAll('-', '')}`,
        deadlineMs: started + timeoutMs,
      },
    });
  });
}
