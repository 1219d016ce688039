import { createHash, randomBytes } from 'node:crypto';
import { Crc32 } from '@aws-crypto/crc32';
import { Crc32c } from '@aws-crypto/crc32c';
import { describe, expect, it } from 'vitest';
import { createHasher } from './checksums.ts';

const data = randomBytes(200_003);
const pieces = [data.subarray(0, 1), data.subarray(1, 70_000), data.subarray(70_000)];

async function digest(algorithm: Parameters<typeof createHasher>[0]) {
  const hasher = createHasher(algorithm);
  for (const piece of pieces) hasher.update(piece);
  return (await hasher.digest()).toString('hex');
}

const u32 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

describe('createHasher', () => {
  it('computes CRC32 and CRC32C in pieces exactly as the reference implementations do in one go', async () => {
    expect(await digest('CRC32')).toBe(u32(new Crc32().update(data).digest()));
    expect(await digest('CRC32C')).toBe(u32(new Crc32c().update(data).digest()));
  });

  it('computes SHA1, SHA256 and MD5 like node:crypto', async () => {
    for (const algorithm of ['SHA1', 'SHA256', 'MD5'] as const) {
      expect(await digest(algorithm)).toBe(createHash(algorithm.toLowerCase()).update(data).digest('hex'));
    }
  });

  it('matches the published CRC64-NVME check value for "123456789"', async () => {
    const hasher = createHasher('CRC64NVME');
    hasher.update(Buffer.from('123456789'));
    expect((await hasher.digest()).toString('hex')).toBe('ae8b14860a799888');
  });
});
