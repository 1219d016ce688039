import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parameterStoreError } from './parameter-store-error.ts';

export interface ParameterValue {
  name: string;
  type: string;
  /** For a SecureString read without decryption: the ciphertext, never the secret. */
  value: string;
  version: number;
}

/**
 * Reads one parameter. A SecureString comes back decrypted only with `withDecryption: true` — and only when
 * the caller may use the KMS key (kms:Decrypt). Every failure is a ParameterStoreError.
 */
export async function readParameter(
  ssm: SSMClient,
  name: string,
  options: { withDecryption?: boolean } = {},
): Promise<ParameterValue> {
  throw new Error('TODO(2): Read one parameter, with and without decryption — see README.md, exercise 2');
}
