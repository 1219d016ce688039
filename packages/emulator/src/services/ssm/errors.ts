import { AwsError } from '../../core/aws-error.ts';

/** SSM's errors, worded as AWS words them (https://docs.aws.amazon.com/systems-manager/latest/APIReference/CommonErrors.html). */

export const validation = (message: string) => new AwsError('ValidationException', message);

/** "1 validation error detected: Value … at 'member' failed to satisfy constraint: …" */
export const constraint = (value: unknown, member: string, rule: string) =>
  validation(
    `1 validation error detected: Value ${value === null ? 'null' : `'${String(value)}'`} at '${member}' failed to satisfy constraint: ${rule}`,
  );

export const parameterNotFound = (name: string) =>
  new AwsError(
    'ParameterNotFound',
    `Parameter ${name} not found. Check the name (names are case sensitive) or create it with PutParameter.`,
  );

export const versionNotFound = (name: string, version: string | number) =>
  new AwsError(
    'ParameterVersionNotFound',
    `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
  );

export const alreadyExists = () =>
  new AwsError(
    'ParameterAlreadyExists',
    'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
  );

export const invalidNextToken = () => new AwsError('InvalidNextToken', 'The specified token is not valid.');

export const INVALID_NAME =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
