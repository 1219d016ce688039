import { randomBytes } from 'node:crypto';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { EmulatorOptions } from '../../../core/types.ts';
import { type RunningEmulator, startEmulator } from '../../../start-emulator.ts';

/** A running emulator plus SDK clients for the S3 suites: real HTTP, real SigV4, official client. */
export interface S3TestEmulator {
  emulator: RunningEmulator;
  s3: S3Client;
  client(config?: Partial<S3ClientConfig>): S3Client;
  /** A fresh, valid bucket name, so tests never collide. */
  bucketName(label: string): string;
  stop(): Promise<void>;
}

export async function startS3TestEmulator(options: EmulatorOptions = {}): Promise<S3TestEmulator> {
  const emulator = await startEmulator(options);
  const client = (config: Partial<S3ClientConfig> = {}) =>
    new S3Client({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: emulator.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
      ...config,
    });
  const s3 = client();
  return {
    emulator,
    s3,
    client,
    bucketName: (label) => `cl-${label}-${randomBytes(4).toString('hex')}`,
    async stop() {
      s3.destroy();
      await emulator.stop();
    },
  };
}

/** Runs `fn` expecting an SDK error; returns it for code/status/message assertions. */
export async function sdkError(fn: () => Promise<unknown>): Promise<{
  name: string;
  message: string;
  status: number | undefined;
  raw: Record<string, unknown>;
}> {
  try {
    await fn();
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return {
      name: e.name,
      message: e.message,
      status: e.$metadata?.httpStatusCode,
      raw: e as unknown as Record<string, unknown>,
    };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
