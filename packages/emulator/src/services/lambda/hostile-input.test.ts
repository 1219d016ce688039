import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { signedFetch } from '../../test-support/signed-fetch.ts';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ log: () => {} });
});
afterAll(() => emulator.stop());

const call = (method: string, path: string, body?: string) =>
  signedFetch({
    endpoint: emulator.endpoint,
    service: 'lambda',
    credentials: emulator.credentials,
    method,
    path,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body } : {}),
  });

it('answers a body that is not a JSON object with InvalidRequestContentException, not a 500', async () => {
  for (const body of ['{', 'null', '[]', '7', '"text"']) {
    const res = await call('POST', '/2015-03-31/functions', body);
    expect(res.status, body).toBe(400);
    expect(await res.json(), body).toMatchObject({ Type: 'User', message: expect.any(String) });
    expect(res.headers.get('x-amzn-errortype'), body).toContain('InvalidRequestContentException');
  }
});

it('answers CreateFunction with any member of the wrong type or shape with a 4xx AWS error', async () => {
  const valid = {
    FunctionName: 'hostile',
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::000000000000:role/r',
    Code: { ZipFile: Buffer.from('not a zip').toString('base64') },
    Timeout: 3,
    MemorySize: 128,
    Environment: { Variables: { A: 'b' } },
  };
  const hostile: unknown[] = [
    null,
    7,
    -1,
    true,
    '',
    [],
    {},
    [7],
    { a: 1 },
    'a'.repeat(5000),
    '\u0000',
    '../x',
  ];
  const answers: string[] = [];
  for (const member of [...Object.keys(valid), 'Publish', 'Architectures', 'Layers']) {
    for (const value of hostile) {
      const res = await call('POST', '/2015-03-31/functions', JSON.stringify({ ...valid, [member]: value }));
      const errorType = res.headers.get('x-amzn-errortype');
      await res.arrayBuffer();
      if (res.status >= 500 || (res.status >= 400 && !errorType)) {
        answers.push(`${member}=${JSON.stringify(value)?.slice(0, 30)}: ${res.status}`);
      }
    }
  }
  expect(answers).toEqual([]);
});

it('refuses a zip whose files declare more than Lambda’s 250 MB unzipped, before inflating any of them', async () => {
  const { zipSync } = await import('fflate');
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: emulator.credentials,
  });
  const { Account } = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
  const zip = zipSync({ 'index.mjs': new TextEncoder().encode('export const handler = () => 1;\n') });
  // The central directory's "uncompressed size" of the one file (offset 24 of its header) says 300 MB.
  const header = Buffer.from(zip).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength).writeUInt32LE(300_000_000, header + 24);
  const res = await call(
    'POST',
    '/2015-03-31/functions',
    JSON.stringify({
      FunctionName: 'zip-bomb',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: `arn:aws:iam::${Account}:role/r`,
      Code: { ZipFile: Buffer.from(zip).toString('base64') },
    }),
  );
  expect(res.status).toBe(400);
  expect(res.headers.get('x-amzn-errortype')).toContain('InvalidParameterValueException');
  expect(((await res.json()) as { message: string }).message).toBe(
    'Unzipped size must be smaller than 262144000 bytes',
  );
});
