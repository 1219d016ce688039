import { AwsError } from '../../core/aws-error.ts';
import { constraint, validation } from './errors.ts';
import type { ParameterTier, ParameterType } from './parameter-store.ts';

/** Value rules: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html */

const TYPES = ['SecureString', 'StringList', 'String'];
const TIERS = ['Advanced', 'Intelligent-Tiering', 'Standard'];
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
const STANDARD_MAX = 4096;
const ADVANCED_MAX = 8192;

export function validateType(type: string): ParameterType {
  if (!TYPES.includes(type)) {
    throw constraint(type, 'type', 'Member must satisfy enum value set: [SecureString, StringList, String]');
  }
  return type as ParameterType;
}

export function validateTierName(tier: string): void {
  if (!TIERS.includes(tier)) {
    throw constraint(
      tier,
      'tier',
      'Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]',
    );
  }
}

export function validateDataType(dataType: string, type: ParameterType, value: string): void {
  if (!DATA_TYPES.includes(dataType)) {
    throw validation(
      `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
    );
  }
  if (dataType !== 'text' && type !== 'String') {
    throw validation(`The data type ${dataType} can only be used with parameters of type String.`);
  }
  // AWS checks the image asynchronously; the emulator can only check the ID's shape.
  if (dataType === 'aws:ec2:image' && !/^ami-[0-9a-f]{8,17}$/.test(value)) {
    throw validation(
      'The parameter value is not a valid AMI ID: expected ami- followed by 8 or 17 hex digits.',
    );
  }
}

/**
 * The tier a value is stored in. Intelligent-Tiering picks Standard when the value fits; a parameter
 * that is Advanced never goes back to Standard.
 */
export function resolveTier(
  requested: string,
  value: string,
  previous: ParameterTier | undefined,
): ParameterTier {
  if (requested === 'Standard' && previous === 'Advanced') {
    throw validation(
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
    );
  }
  if (value.length > ADVANCED_MAX) {
    throw validation(
      `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${ADVANCED_MAX}`,
    );
  }
  if (requested === 'Advanced' || previous === 'Advanced') return 'Advanced';
  if (requested === 'Intelligent-Tiering') return value.length > STANDARD_MAX ? 'Advanced' : 'Standard';
  if (value.length > STANDARD_MAX) {
    throw validation(
      'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    );
  }
  return 'Standard';
}

export function checkAllowedPattern(pattern: string | undefined, value: string): void {
  if (pattern === undefined) return;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    throw new AwsError(
      'InvalidAllowedPatternException',
      `The allowed pattern ${pattern} is not a valid regular expression.`,
    );
  }
  if (!regex.test(value)) {
    throw new AwsError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    );
  }
}
