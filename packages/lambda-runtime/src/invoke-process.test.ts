import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntimePool, invokeInProcess } from './invoke-process.ts';

const codeDirs: string[] = [];
afterAll(() => {
  for (const dir of codeDirs) rmSync(dir, { recursive: true, force: true });
});

function codeDir(source: string, file = 'app.mjs'): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudlab-invoke-'));
  codeDirs.push(dir);
  writeFileSync(join(dir, file), source);
  return dir;
}

const base = { functionName: 'fn', timeoutSeconds: 3, memorySizeMb: 128, environment: {}, event: { n: 2 } };

describe('invokeInProcess', () => {
  it('returns what an async handler resolves, with the event, context and environment it was given', async () => {
    const dir = codeDir(
      `export const handler = async (event, context) => ({ doubled: event.n * 2, name: context.functionName,
        left: context.getRemainingTimeInMillis() > 0, path: process.env.CONFIG_PATH, secret: process.env.HOME ?? null });`,
    );
    const result = await invokeInProcess({
      ...base,
      codeDir: dir,
      handler: 'app.handler',
      environment: { CONFIG_PATH: '/x' },
    });
    expect(result.functionError).toBeUndefined();
    expect(result.payload).toEqual({ doubled: 4, name: 'fn', left: true, path: '/x', secret: null });
  });

  it('writes START, END and REPORT lines around what the handler logged, tagged with the request id', async () => {
    const dir = codeDir(
      `exports.handler = (event, context, cb) => { console.log('hello %s', 'there'); cb(null, 1); };`,
      'app.js',
    );
    const result = await invokeInProcess({ ...base, codeDir: dir, handler: 'app.handler' });
    expect(result.payload).toBe(1);
    const lines = result.logs.trim().split('\n');
    expect(lines[0]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(lines[1]).toMatch(new RegExp(`\\t${result.requestId}\\tINFO\\thello there$`));
    expect(lines.at(-2)).toBe(`END RequestId: ${result.requestId}`);
    expect(lines.at(-1)).toMatch(
      /^REPORT RequestId: .*Duration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB$/,
    );
  });

  it('refuses a callback handler on nodejs24.x at init, as Lambda does, and still runs it on nodejs22.x', async () => {
    const dir = codeDir(
      `exports.handler = (event, context, callback) => callback(null, 'called back');`,
      'app.js',
    );
    const on24 = await invokeInProcess({
      ...base,
      codeDir: dir,
      handler: 'app.handler',
      runtime: 'nodejs24.x',
    });
    expect(on24.functionError).toBe('Unhandled');
    expect(on24.payload).toMatchObject({
      errorType: 'Runtime.CallbackHandlerDeprecated',
      errorMessage: expect.stringContaining(
        'removed support for callback-based function handlers starting with Node.js 24',
      ),
    });
    const on22 = await invokeInProcess({
      ...base,
      codeDir: dir,
      handler: 'app.handler',
      runtime: 'nodejs22.x',
    });
    expect(on22.payload).toBe('called back');
    // The callback era's context members are gone on 24 too: an old tutorial's context.succeed throws there.
    const succeedDir = codeDir('export const handler = async (event, context) => typeof context.succeed;');
    const succeed24 = await invokeInProcess({
      ...base,
      codeDir: succeedDir,
      handler: 'app.handler',
      runtime: 'nodejs24.x',
    });
    const succeed22 = await invokeInProcess({
      ...base,
      codeDir: succeedDir,
      handler: 'app.handler',
      runtime: 'nodejs22.x',
    });
    expect([succeed24.payload, succeed22.payload]).toEqual(['undefined', 'function']);
    // Two parameters are not a callback handler, on 24 either.
    const asyncDir = codeDir('export const handler = async (event, context) => context.functionName;');
    const async24 = await invokeInProcess({
      ...base,
      codeDir: asyncDir,
      handler: 'app.handler',
      runtime: 'nodejs24.x',
    });
    expect(async24.payload).toBe('fn');
  });

  it("starts the handler with the SDK's Node-version notice switched off, so logs hold only what it logged", async () => {
    const dir = codeDir(
      `export const handler = async () => process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'unset';`,
    );
    const result = await invokeInProcess({ ...base, codeDir: dir, handler: 'app.handler' });
    expect(result.payload).toBe('true');
    expect(result.logs).not.toMatch(/Warning|ERROR/);
  });

  it('reports a thrown error as an Unhandled function error with its type and message', async () => {
    const dir = codeDir(`export const handler = async () => { throw new TypeError('bad input'); };`);
    const result = await invokeInProcess({ ...base, codeDir: dir, handler: 'app.handler' });
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    expect(result.logs).toContain('Invoke Error');
  });

  it("does not count loading the handler module against the function timeout (Lambda's init phase)", async () => {
    const dir = codeDir(
      `const until = Date.now() + 1500; while (Date.now() < until) {}
       export const handler = async () => 'ready';`,
    );
    const result = await invokeInProcess({
      ...base,
      codeDir: dir,
      handler: 'app.handler',
      timeoutSeconds: 1,
    });
    expect(result.functionError).toBeUndefined();
    expect(result.payload).toBe('ready');
  });

  it('kills a handler that runs past its timeout and says so', async () => {
    const dir = codeDir(`export const handler = () => new Promise(() => setInterval(() => {}, 1000));`);
    const result = await invokeInProcess({
      ...base,
      timeoutSeconds: 1,
      codeDir: dir,
      handler: 'app.handler',
    });
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect(result.logs).toContain('Task timed out after 1.00 seconds');
    expect(result.durationMs).toBeLessThan(2500);
  });

  it('names a missing handler module as Runtime.ImportModuleError', async () => {
    const dir = codeDir('export const other = 1;');
    const result = await invokeInProcess({ ...base, codeDir: dir, handler: 'missing.handler' });
    expect(result.payload).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
  });

  it('reports a crash of the runtime process as Runtime.ExitError', async () => {
    const dir = codeDir('export const handler = async () => { process.exit(3); };');
    const result = await invokeInProcess({ ...base, codeDir: dir, handler: 'app.handler' });
    expect(result.payload).toMatchObject({ errorType: 'Runtime.ExitError' });
  });

  it('keeps a pooled process warm, so module scope survives to the next invocation', async () => {
    const pool = createRuntimePool();
    try {
      const dir = codeDir('let calls = 0;\nexport const handler = async () => ++calls;');
      const req = { ...base, codeDir: dir, handler: 'app.handler', pool, poolKey: 'counter' };
      const first = await invokeInProcess(req);
      const second = await invokeInProcess(req);
      expect([first.payload, first.warm]).toEqual([1, false]);
      expect([second.payload, second.warm]).toEqual([2, true]);
      expect(second.logs).toContain(`START RequestId: ${second.requestId}`);
      expect(second.logs).not.toContain(first.requestId);
    } finally {
      pool.drain();
    }
  });

  it('discards a process that timed out: the next invocation starts cold', async () => {
    const pool = createRuntimePool();
    try {
      const dir = codeDir(
        'let calls = 0;\nexport const handler = async (e) => { calls++; if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return calls; };',
      );
      const req = { ...base, timeoutSeconds: 1, codeDir: dir, handler: 'app.handler', pool, poolKey: 'hang' };
      expect((await invokeInProcess({ ...req, event: { hang: true } })).functionError).toBe('Unhandled');
      const next = await invokeInProcess({ ...req, event: {} });
      expect([next.payload, next.warm]).toEqual([1, false]);
    } finally {
      pool.drain();
    }
  });
});
