import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import {
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
  SelectObjectContentCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';

/** bin/standalone.mjs: what `cloudlab emulator` runs on plain node, from a bundle built on first use. */
const STANDALONE = join(import.meta.dirname, '..', 'bin', 'standalone.mjs');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, [STANDALONE, 'emulator', ...args], { stdio: 'pipe' });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // a test that expects an early exit never reads the line
  return { child, firstLine, exited, stderr: () => stderr };
}

describe('cloudlab emulator on plain node (bin/standalone.mjs)', () => {
  // The first run after a source change builds the bundle (a few seconds on a loaded 2-core box).
  it('serves the SDK from the bundle, loads the S3 Select engine on first use, and stops on SIGTERM', {
    timeout: 60_000,
  }, async () => {
    const emulator = run(['--json', '--region', 'eu-west-1']);
    const connection = JSON.parse(await emulator.firstLine) as {
      endpoint: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
    };
    expect(connection.region).toBe('eu-west-1');
    const config = {
      endpoint: connection.endpoint,
      region: connection.region,
      credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
    };
    const identity = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toMatch(/^arn:aws:iam::\d{12}:/);

    const s3 = new S3Client({ ...config, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'standalone' }));
    await s3.send(new PutObjectCommand({ Bucket: 'standalone', Key: 'a.csv', Body: 'n\n1\n2\n3\n' }));
    const selected = await s3.send(
      new SelectObjectContentCommand({
        Bucket: 'standalone',
        Key: 'a.csv',
        ExpressionType: 'SQL',
        Expression: 'SELECT s.n FROM S3Object s WHERE CAST(s.n AS INT) > 1',
        InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
        OutputSerialization: { CSV: {} },
      }),
    );
    let records = '';
    for await (const event of selected.Payload ?? []) {
      if (event.Records?.Payload) records += Buffer.from(event.Records.Payload).toString('utf8');
    }
    expect(records).toBe('2\n3\n');

    expect(emulator.stderr()).toContain(`cloudlab emulator listening on ${connection.endpoint}`);
    emulator.child.kill('SIGTERM');
    expect(await emulator.exited).toBe(0);
  });

  it('refuses a bad --port like a CLI command: one line on stderr and exit code 2', {
    timeout: 60_000,
  }, async () => {
    const emulator = run(['--port', '70000']);
    expect(await emulator.exited).toBe(2);
    expect(emulator.stderr().trim()).toBe(
      'cloudlab emulator: --port 70000 is not a port number: use 0–65535, or leave it out for a free port',
    );
  });

  it('--detach prints the export lines and returns while the server runs on; `stop` ends it and unsets them', {
    timeout: 60_000,
  }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cloudlab-detach-'));
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [STANDALONE, 'emulator', ...args], { cwd });
    try {
      // Command substitution waits for stdout to close: the foreground process must exit, not the server.
      const started = await cli('--detach', '--tls', '--region', 'eu-west-1');
      const exports = Object.fromEntries(
        [...started.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]),
      );
      expect(exports).toMatchObject({
        AWS_ENDPOINT_URL: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
        AWS_REGION: 'eu-west-1',
        AWS_CA_BUNDLE: join(cwd, '.cloudlab', 'emulator', 'tls', 'ca.pem'),
      });
      expect(started.stderr).toMatch(/running in the background on https:\/\/127\.0\.0\.1:\d+ \(pid \d+/);

      const sts = new STSClient({
        endpoint: exports.AWS_ENDPOINT_URL,
        region: 'eu-west-1',
        credentials: {
          accessKeyId: exports.AWS_ACCESS_KEY_ID as string,
          secretAccessKey: exports.AWS_SECRET_ACCESS_KEY as string,
        },
        requestHandler: { httpsAgent: new Agent({ ca: readFileSync(exports.AWS_CA_BUNDLE as string) }) },
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toMatch(/^\d{12}$/);

      // A second --detach reuses the running server instead of starting another.
      const again = await cli('--detach', '--json');
      expect(JSON.parse(again.stdout)).toMatchObject({ endpoint: exports.AWS_ENDPOINT_URL });
      expect(again.stderr).toContain('reusing the background emulator');

      const stopped = await cli('stop');
      expect(stopped.stdout.trim()).toBe(
        'unset AWS_ENDPOINT_URL CLOUDLAB_TARGET AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_CA_BUNDLE',
      );
      expect(stopped.stderr).toContain('stopped the background emulator');
      await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow(/ECONNREFUSED/);
      expect(existsSync(join(cwd, '.cloudlab', 'emulator', 'background.json'))).toBe(false);
      expect((await cli('stop')).stderr).toContain('nothing to stop');
    } finally {
      await cli('stop').catch(() => undefined);
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
