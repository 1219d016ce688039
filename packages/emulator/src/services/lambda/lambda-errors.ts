import { AwsError } from '../../core/aws-error.ts';

/** Lambda's error codes (https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html); serialised by protocols/rest-json.ts. */
export const notFound = (arn: string) =>
  new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
export const invalid = (message: string) => new AwsError('InvalidParameterValueException', message, 400);
