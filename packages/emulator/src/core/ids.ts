import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto';

/** Identifiers shaped like AWS's, so learners recognise them (and SDK validators accept them). */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE32[byte % 32];
  return out;
}

/** AKIA… for long-term keys, ASIA… for temporary ones: the prefixes AWS uses. */
export const accessKeyId = (temporary = false): string => `${temporary ? 'ASIA' : 'AKIA'}${base32(16)}`;
export const secretAccessKey = (): string => randomBytes(30).toString('base64');
export const sessionToken = (): string => `IQoJb3JpZ2luX2Vj${randomBytes(96).toString('base64')}`;
export const uniqueId = (prefix: 'AIDA' | 'AROA'): string => `${prefix}${base32(17)}`;
export const requestId = (): string => randomUUID();

const HOST_ID_BYTES = 24;
/** Random bytes for 256 host ids, drawn at once: one randomBytes call per S3 reply was ~3 % of a batch's emulator CPU. */
const hostIdPool = Buffer.alloc(HOST_ID_BYTES * 256);
let hostIdOffset = hostIdPool.length;

/** S3's x-amz-id-2 (HostId): 24 random bytes in base64, fresh for every reply as on AWS. */
export function hostId(): string {
  if (hostIdOffset === hostIdPool.length) {
    randomFillSync(hostIdPool);
    hostIdOffset = 0;
  }
  const id = hostIdPool.toString('base64', hostIdOffset, hostIdOffset + HOST_ID_BYTES);
  hostIdOffset += HOST_ID_BYTES;
  return id;
}

export function accountId(): string {
  // 12 digits, never starting with 0 so that it survives a round trip through a number.
  return String(100_000_000_000 + (randomBytes(6).readUIntBE(0, 6) % 900_000_000_000));
}

/** Lenient mode: the same unknown key always maps to the same account. */
export function accountIdFromKey(key: string): string {
  const n = createHash('sha256').update(key).digest().readUIntBE(0, 6);
  return String(100_000_000_000 + (n % 900_000_000_000));
}
