import { createRequire } from 'node:module';
import { seedEmulatorObjects } from '@cloudlab/aws-session';
import { type RunningEmulator, startEmulator } from '@cloudlab/emulator';
import { describe, expect, it } from 'vitest';
import { batchAccountLimits, LEARNER_INGRESS_BYTES, LEARNER_REQUEST_LIMIT } from './run-batch.ts';

describe('batchAccountLimits', () => {
  it('gives each learner graded at once a share of the emulator’s 256 MiB of S3 bodies, at most 32 MiB', () => {
    expect(batchAccountLimits(1).objectBytes).toBe(32 * 1024 * 1024);
    expect(batchAccountLimits(2).objectBytes).toBe(32 * 1024 * 1024);
    expect(batchAccountLimits(16).objectBytes).toBe(16 * 1024 * 1024);
    for (const workers of [1, 3, 7, 8, 9, 64])
      expect(batchAccountLimits(workers).objectBytes! * workers).toBeLessThanOrEqual(256 * 1024 * 1024);
  });

  it('bounds every learner’s requests, templates, function code and ingress alike', () => {
    expect(batchAccountLimits(2).requests).toBe(LEARNER_REQUEST_LIMIT);
    expect(batchAccountLimits(2).templateBytes).toBe(batchAccountLimits(64).templateBytes);
    expect(batchAccountLimits(2).codeBytes).toBe(batchAccountLimits(64).codeBytes);
    expect(batchAccountLimits(2).ingressBytes).toBe(LEARNER_INGRESS_BYTES);
    expect(batchAccountLimits(64).ingressBytes).toBe(LEARNER_INGRESS_BYTES);
    expect(batchAccountLimits(0).objectBytes).toBe(32 * 1024 * 1024);
  });

  it('stops a learner seeding empty objects by the ten thousand at its ingress share; the next learner goes on', async () => {
    // Empty bodies take none of a learner's 32 MiB of S3 bodies: each key's record is what the ingress counts.
    const emulator = await startEmulator({ accountLimits: batchAccountLimits(2) });
    try {
      const seeder = await learner(emulator, 'hoard');
      const keys = Array.from({ length: 10_000 }, (_, i) => `k/${i}`);
      let seeds = 0;
      let refused: (Error & { code?: string }) | undefined;
      while (!refused && seeds < 100) {
        await seedEmulatorObjects(seeder, 'hoard', keys, '').then(
          () => seeds++,
          (error: Error) => {
            refused = error;
          },
        );
      }
      expect(refused?.code).toBe('LimitExceededException');
      expect(refused?.message).toMatch(/the most one account may bring into this shared emulator/);
      // 10,000 records of 1 KiB a seed: 10 MiB each, three of them within the 32 MiB.
      expect(seeds).toBe(3);
      await seedEmulatorObjects(await learner(emulator, 'next'), 'next', keys, '');
    } finally {
      await emulator.stop();
    }
  });
});

// The SDK as the labs' session package has it (this package depends on no SDK client of its own).
const s3 = createRequire(createRequire(import.meta.url).resolve('@cloudlab/aws-session'))(
  '@aws-sdk/client-s3',
) as {
  S3Client: new (config: object) => { send(command: object): Promise<unknown> };
  CreateBucketCommand: new (input: object) => object;
};

/** A learner's account with its bucket, as seedEmulatorObjects calls it. */
async function learner(emulator: RunningEmulator, bucket: string) {
  const credentials = await emulator.createAccount();
  const caller = { endpoint: emulator.endpoint, region: emulator.region, credentials };
  const client = new s3.S3Client({ ...caller, forcePathStyle: true, maxAttempts: 1 });
  await client.send(new s3.CreateBucketCommand({ Bucket: bucket }));
  return caller;
}
