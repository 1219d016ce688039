import { createHash, randomBytes, randomUUID } from 'node:crypto';

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

export function accountId(): string {
  // 12 digits, never starting with 0 so that it survives a round trip through a number.
  return String(100_000_000_000 + (randomBytes(6).readUIntBE(0, 6) % 900_000_000_000));
}

/** Lenient mode: the same unknown key always maps to the same account. */
export function accountIdFromKey(key: string): string {
  const n = createHash('sha256').update(key).digest().readUIntBE(0, 6);
  return String(100_000_000_000 + (n % 900_000_000_000));
}
