import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parameterStoreError } from './parameter-store-error.ts';

/** GetParameters takes at most this many names a call (more is a ValidationException). */
export const GET_PARAMETERS_LIMIT = 10;

export interface ManyParameters {
  /** The value of each name asked for that exists, keyed exactly as asked (`name`, `name:label`, `name:3`). */
  values: Record<string, string>;
  /** The names asked for that Parameter Store does not have (its `InvalidParameters`), as asked. */
  missing: string[];
}

/**
 * Reads many parameters with as few calls as GetParameters allows: each name once, at most 10 a call. A name
 * that does not exist is not an error — Parameter Store lists it in `InvalidParameters` — so it is reported
 * in `missing`. A refused call is a ParameterStoreError naming the names it carried.
 */
export async function readMany(
  ssm: SSMClient,
  names: readonly string[],
  options: { withDecryption?: boolean } = {},
): Promise<ManyParameters> {
  // BEGIN SOLUTION 9
  const unique = [...new Set(names)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += GET_PARAMETERS_LIMIT) {
    batches.push(unique.slice(i, i + GET_PARAMETERS_LIMIT));
  }
  const answers = await Promise.all(
    batches.map(async (batch) => {
      try {
        return await ssm.send(
          new GetParametersCommand({ Names: batch, WithDecryption: options.withDecryption ?? false }),
        );
      } catch (error) {
        throw parameterStoreError(error, batch.join(', '));
      }
    }),
  );
  const result: ManyParameters = { values: {}, missing: [] };
  for (const answer of answers) {
    // A name asked with a selector comes back as its plain Name plus the Selector (":prod", ":3").
    for (const parameter of answer.Parameters ?? []) {
      result.values[`${parameter.Name}${parameter.Selector ?? ''}`] = parameter.Value ?? '';
    }
    result.missing.push(...(answer.InvalidParameters ?? []));
  }
  return result;
  // END SOLUTION
}
