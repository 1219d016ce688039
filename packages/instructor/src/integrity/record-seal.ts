import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import type { SubmissionRecord } from '../batch/batch-types.ts';
import type { OutputDir } from '../batch/output-dir.ts';

/** Where an output folder keeps its batch key: readable by the batch's user only, never sent to a child. */
export const KEY_FILE = '.batch-key';

/**
 * The output folder's HMAC key: made at its first batch (32 random bytes), read again by each resumed batch.
 * It never enters a grading child's environment or job; a learner's code would have to read it from disk.
 */
export async function batchKey(out: OutputDir): Promise<Buffer> {
  const path = out.path(KEY_FILE);
  if (existsSync(path)) {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
    if (key.length === 32) return key;
  }
  const key = randomBytes(32);
  await out.write([KEY_FILE], `${key.toString('hex')}\n`);
  await chmod(path, 0o600);
  return key;
}

/** HMAC-SHA256 of the record without its seal, over its JSON as written. */
function macOf(record: Omit<SubmissionRecord, 'seal'>, key: Buffer): string {
  return createHmac('sha256', key).update(JSON.stringify(record)).digest('hex');
}

/** The record as it is written: with a seal that only the holder of the key can make. */
export function sealRecord(record: SubmissionRecord, key: Buffer): SubmissionRecord {
  const { seal: _, ...body } = record;
  return { ...body, seal: macOf(body, key) };
}

/** True when the record carries the seal of `key` for exactly its content: nothing in it was changed. */
export function verifySeal(record: SubmissionRecord, key: Buffer): boolean {
  const { seal, ...body } = record;
  if (typeof seal !== 'string' || !/^[0-9a-f]{64}$/.test(seal)) return false;
  return timingSafeEqual(Buffer.from(seal, 'hex'), Buffer.from(macOf(body, key), 'hex'));
}
