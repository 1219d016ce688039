import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AwsError } from '../../core/aws-error.ts';

export const DEFAULT_KEY_ID = 'alias/aws/ssm';

/**
 * Encryption at rest for SecureString values, standing in for KMS: AES-256-GCM under one key per
 * emulator (kept in dataDir when state persists), with the KMS key id and parameter name bound in as
 * associated data. Plaintext never reaches the store, the journal or a log line.
 */
export class SecureStringCipher {
  private constructor(private readonly key: Buffer) {}

  static inMemory(): SecureStringCipher {
    return new SecureStringCipher(randomBytes(32));
  }

  /** Loads (or creates, mode 0600) the key file in `dir`. */
  static persisted(dir: string): SecureStringCipher {
    const file = join(dir, 'secure-string.key');
    try {
      return new SecureStringCipher(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(dir, { recursive: true });
    const key = randomBytes(32);
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, key.toString('base64'));
    fsyncSync(fd);
    closeSync(fd);
    return new SecureStringCipher(key);
  }

  encrypt(plaintext: string, keyId: string, name: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${keyId}\n${name}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(ciphertext: string, keyId: string, name: string): string {
    try {
      const raw = Buffer.from(ciphertext, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${keyId}\n${name}`));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new AwsError(
        'InvalidCiphertextException',
        'The SecureString value could not be decrypted: its key file is missing or was replaced. Delete and recreate the parameter.',
      );
    }
  }
}

/** The KMS key ARN a SecureString uses, for kms:Decrypt authorisation. */
export function kmsKeyArn(keyId: string, region: string, accountId: string): string {
  if (keyId.startsWith('arn:')) return keyId;
  if (keyId.startsWith('alias/')) return `arn:aws:kms:${region}:${accountId}:${keyId}`;
  return `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
}

const KEY_ID =
  /^(alias\/[a-zA-Z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+)$/;

export function validateKeyId(keyId: string): void {
  if (!KEY_ID.test(keyId)) {
    throw new AwsError(
      'InvalidKeyId',
      `Invalid KeyId ${keyId}: use a key ID, key ARN, alias name (alias/...) or alias ARN.`,
    );
  }
}
