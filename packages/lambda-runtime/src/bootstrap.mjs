// The Node process Lambda invocations run in (started by invoke-process.ts), one invocation at a time, and
// kept warm between them as Lambda keeps an execution environment: module scope (clients, caches) survives.
// Plain JavaScript so it starts without a TypeScript loader. It mirrors the Lambda Node runtime's contract:
// load the handler module, call handler(event, context) (async, or with a callback before nodejs24.x), log like Lambda, answer
// over IPC after writing an end marker on stdout, so the parent knows every log line has arrived.
import { existsSync } from 'node:fs';
import inspector from 'node:inspector';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

/** Must match invoke-process.ts: the last stdout line of an invocation. */
const END_MARKER = '\u0000cloudlab-invocation-end ';

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
sampler.unref();

function logAs(level, requestId) {
  return (...args) => {
    const line = format(...args).replaceAll('\n', '\r');
    process.stdout.write(`${new Date().toISOString()}\t${requestId}\t${level}\t${line}\n`);
  };
}

function describe(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  return { errorType: e.name || 'Error', errorMessage: e.message, trace: String(e.stack ?? '').split('\n') };
}

async function loadHandler(codeDir, handler) {
  const dot = handler.lastIndexOf('.');
  const file = handler.slice(0, dot);
  const name = handler.slice(dot + 1);
  const candidates = ['.js', '.mjs', '.cjs'].map((ext) => join(codeDir, file + ext));
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    throw Object.assign(new Error(`Cannot find module '${file}'`), { name: 'Runtime.ImportModuleError' });
  }
  const mod = await import(pathToFileURL(path).href);
  const fn = mod[name] ?? mod.default?.[name];
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${file}.${name} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return fn;
}

/** The Node major of the function's Runtime (AWS_EXECUTION_ENV=AWS_Lambda_nodejs24.x), NaN when not given. */
const nodeRuntime = () =>
  Number(/^AWS_Lambda_nodejs(\d+)\.x$/.exec(process.env.AWS_EXECUTION_ENV ?? '')?.[1]);

/**
 * Lambda's Node.js 24 runtime and later refuse, at init, a handler that takes a callback (declares three
 * parameters or more), with this error: the same handler works on nodejs22.x and fails once deployed on 24.
 */
function refuseCallbackHandler(fn) {
  if (nodeRuntime() >= 24 && fn.length >= 3) {
    throw Object.assign(
      new Error(
        'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
      ),
      { name: 'Runtime.CallbackHandlerDeprecated' },
    );
  }
}

process.on('message', async (msg) => {
  const { codeDir, handler, event, context: info } = msg;
  const started = Date.now();
  peakRss = process.memoryUsage().rss;
  for (const [method, level] of [
    ['log', 'INFO'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
    ['debug', 'DEBUG'],
  ]) {
    console[method] = logAs(level, info.awsRequestId);
  }
  const context = {
    ...info,
    getRemainingTimeInMillis: () => Math.max(0, info.deadlineMs - Date.now()),
    // The callback era's members, which Lambda's Node.js 24 runtime removed with callback handlers.
    ...(nodeRuntime() >= 24
      ? {}
      : { callbackWaitsForEmptyEventLoop: true, done: () => {}, succeed: () => {}, fail: () => {} }),
  };
  let reply;
  try {
    const fn = await loadHandler(codeDir, handler);
    refuseCallbackHandler(fn);
    // The end of Lambda's init phase: the parent starts the function's timeout now, not at process start.
    process.send({ initialized: true });
    if (process.env.CLOUDLAB_DEBUG_BREAK === '1') {
      // Started with --inspect by `cloudlab invoke --inspect`: wait for a debugger, then stop just before the
      // handler runs — step into the next line to enter it.
      inspector.waitForDebugger();
      // biome-ignore lint/suspicious/noDebugger: the pause the student asked for
      debugger;
    }
    const result = await new Promise((resolvePromise, rejectPromise) => {
      const callback = (error, value) => (error ? rejectPromise(error) : resolvePromise(value));
      const returned = fn(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolvePromise, rejectPromise);
      else if (fn.length < 3) resolvePromise(returned);
    });
    reply = { result: result === undefined ? null : result };
  } catch (error) {
    const described = describe(error);
    logAs('ERROR', info.awsRequestId)(`Invoke Error \t${JSON.stringify(described)}`);
    reply = { error: described };
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const answer = { ...reply, durationMs: Date.now() - started, peakRss };
  process.stdout.write(`${END_MARKER}${info.awsRequestId}\n`, () => process.send(answer));
});

// Invocations that handlers leave running (timers, sockets) must not keep a recycled process alive.
process.on('disconnect', () => process.exit(0));
