import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { Crc32 } from '@aws-crypto/crc32';
import { Crc32c } from '@aws-crypto/crc32c';
import { Crc64NvmeJs } from '@aws-sdk/checksums/crc';

/** The flexible-checksum algorithms S3 accepts, as the SDK names them (ChecksumAlgorithm). */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** A running digest fed chunk by chunk; `digest()` resolves to the raw bytes. */
export interface Hasher {
  update(chunk: Uint8Array): void;
  digest(): Promise<Buffer>;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

function fromCrc(crc: { update(data: Uint8Array): unknown; digest(): number }): Hasher {
  return { update: (chunk) => void crc.update(chunk), digest: async () => uint32(crc.digest()) };
}

function fromNode(algorithm: string): Hasher {
  const hash = createHash(algorithm);
  return { update: (chunk) => void hash.update(chunk), digest: async () => hash.digest() };
}

/**
 * CRC32 through node:zlib (Node ≥ 20.15), ~60× faster than the pure-JS @aws-crypto/crc32 — and CRC32 is
 * what the SDK sends with every upload by default. The JS implementation remains the fallback.
 */
function crc32(): Hasher {
  if (typeof zlib.crc32 !== 'function') return fromCrc(new Crc32());
  let value = 0;
  return {
    update: (chunk) => {
      value = zlib.crc32(chunk, value);
    },
    digest: async () => uint32(value),
  };
}

function crc64nvme(): Hasher {
  // The SDK's own pure-JS CRC64-NVME: no well-kept standalone package implements this polynomial.
  const crc = new Crc64NvmeJs();
  return { update: (chunk) => crc.update(chunk), digest: async () => Buffer.from(await crc.digest()) };
}

export function createHasher(algorithm: ChecksumAlgorithm | 'MD5'): Hasher {
  switch (algorithm) {
    case 'CRC32':
      return crc32();
    case 'CRC32C':
      return fromCrc(new Crc32c());
    case 'CRC64NVME':
      return crc64nvme();
    case 'SHA1':
      return fromNode('sha1');
    case 'SHA256':
      return fromNode('sha256');
    case 'MD5':
      return fromNode('md5');
  }
}

export function parseChecksumAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  if (!value) return undefined;
  const upper = value.toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(upper)
    ? (upper as ChecksumAlgorithm)
    : undefined;
}

/** `x-amz-checksum-crc32` and friends. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The output member name the SDK reads from XML bodies (ChecksumCRC32, …). */
export function checksumMemberName(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

/** An output's checksum member (`ChecksumCRC64NVME: …`), or none without an algorithm. */
export function checksumMember(
  algorithm: ChecksumAlgorithm | undefined,
  value: string | undefined,
): Partial<Record<`Checksum${ChecksumAlgorithm}`, string>> {
  return algorithm === undefined ? {} : { [checksumMemberName(algorithm)]: value };
}
