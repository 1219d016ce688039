import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/**
 * Runs one Lambda invocation in a child Node process — what `sam local invoke` does in Docker, without Docker:
 * the function's environment, a hard timeout (kill), a heap limit from MemorySize, and Lambda's log lines.
 */
export interface InvokeRequest {
  /** The unzipped deployment package. */
  codeDir: string;
  /** "file.export", as in the function's Handler. */
  handler: string;
  functionName: string;
  event: unknown;
  timeoutSeconds: number;
  memorySizeMb: number;
  environment: Record<string, string>;
  functionArn?: string;
  /** Extra node flags, e.g. ["--inspect-brk=9229"] for a debugger. */
  execArgv?: string[];
}

export interface InvokeResult {
  requestId: string;
  /** The handler's return value, or Lambda's error object when functionError is set. */
  payload: unknown;
  functionError?: 'Unhandled';
  /** START … END … REPORT lines and everything the handler logged, as CloudWatch would show them. */
  logs: string;
  durationMs: number;
}

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url));

export function invokeInProcess(req: InvokeRequest): Promise<InvokeResult> {
  const requestId = randomUUID();
  const started = Date.now();
  const lines: string[] = [`START RequestId: ${requestId} Version: $LATEST`];
  const timeoutMs = req.timeoutSeconds * 1000;
  const child = fork(BOOTSTRAP, [], {
    cwd: req.codeDir,
    // Only what Lambda gives a function: its variables, the runtime's reserved ones, and PATH to find node.
    env: {
      PATH: process.env.PATH,
      ...req.environment,
      AWS_LAMBDA_FUNCTION_NAME: req.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(req.memorySizeMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      LAMBDA_TASK_ROOT: req.codeDir,
      _HANDLER: req.handler,
    },
    execArgv: [`--max-old-space-size=${req.memorySizeMb}`, ...(req.execArgv ?? [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  return new Promise<InvokeResult>((resolve) => {
    let settled = false;
    const finish = (payload: unknown, failed: boolean, peakRss?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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
        ...(failed ? { functionError: 'Unhandled' as const } : {}),
      });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const seconds = req.timeoutSeconds.toFixed(2);
      lines.push(`${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`);
      finish(
        {
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
        },
        true,
      );
    }, timeoutMs);
    child.on('message', (msg: { result?: unknown; error?: unknown; peakRss?: number }) => {
      if (msg.error) finish(msg.error, true, msg.peakRss);
      else finish(msg.result, false, msg.peakRss);
    });
    child.on('exit', (code, signal) => {
      // Let the pipes drain so the last log lines are kept, then report a crash if no answer came.
      setImmediate(() =>
        finish(
          {
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: ${requestId} Error: Runtime exited ${signal ? `with signal: ${signal}` : `with error: exit status ${code}`}`,
          },
          true,
        ),
      );
    });
    child.send({
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
