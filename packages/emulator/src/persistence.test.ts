import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, describe, expect, it } from 'vitest';

interface Connection {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'cloudlab-persist-'));
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `cli-main.ts --json` as its own process and reads the connection line it prints. */
async function spawnEmulator(): Promise<{ child: ChildProcess; connection: Connection }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'cli-main.ts'), '--data-dir', dataDir, '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before it was ready`)));
  });
  return { child, connection: JSON.parse(line) as Connection };
}

const clientFor = (c: Connection) =>
  new SSMClient({
    endpoint: c.endpoint,
    region: c.region,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    maxAttempts: 1,
  });

describe('persistence with --data-dir', () => {
  it('loses no acknowledged write when the process is killed with SIGKILL mid-writes', async () => {
    const first = await spawnEmulator();
    const ssm = clientFor(first.connection);
    const acknowledged = new Map<string, string>();
    let next = 0;
    let killed = false;

    // Eight writers in parallel, each writing until a request fails after the kill: so the kill always
    // lands mid-writes, even when every request in flight at that moment was answered first.
    const writer = async () => {
      for (;;) {
        const i = next++;
        const name = `/persist/p${i}`;
        const value = `value-${i}`;
        try {
          await ssm.send(
            new PutParameterCommand({
              Name: name,
              Value: value,
              Type: i % 3 === 0 ? 'SecureString' : 'String',
            }),
          );
          acknowledged.set(name, value);
        } catch {
          // Refused or cut off by the kill: never acknowledged, so never promised.
          if (killed) return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    ssm.destroy();
    expect(next).toBeGreaterThan(acknowledged.size);

    const second = await spawnEmulator();
    expect(second.connection.accessKeyId).toBe(first.connection.accessKeyId);
    const restarted = clientFor(second.connection);
    const names = [...acknowledged.keys()];
    const found = new Map<string, string>();
    for (let i = 0; i < names.length; i += 10) {
      const out = await restarted.send(
        new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }),
      );
      for (const p of out.Parameters ?? []) found.set(p.Name!, p.Value!);
    }
    expect(found).toEqual(acknowledged);
    restarted.destroy();
    second.child.kill('SIGTERM');
  }, 60_000);
});
