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
  // BEGIN SOLUTION 2
  try {
    const out = await ssm.send(
      new GetParameterCommand({ Name: name, WithDecryption: options.withDecryption ?? false }),
    );
    const parameter = out.Parameter;
    return {
      name: parameter?.Name ?? name,
      type: parameter?.Type ?? 'String',
      value: parameter?.Value ?? '',
      version: parameter?.Version ?? 0,
    };
  } catch (error) {
    throw parameterStoreError(error, name);
  }
  // END SOLUTION
}
