import type { FunctionCode } from '@aws-sdk/client-lambda';
import { AwsError } from '../../core/aws-error.ts';
import type { LambdaRequest } from './lambda-action.ts';

/** The JSON a request body holds; anything else is Lambda's InvalidRequestContentException. */
export function requestJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new AwsError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
      400,
    );
  }
}

/** A body that must be a JSON object: every operation's input but Invoke's payload. Empty reads as {}. */
export function requestObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const value = requestJson(body);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsError('InvalidRequestContentException', 'The request body must be a JSON object.', 400);
  }
  return value as Record<string, unknown>;
}

/**
 * The default REST-JSON input: the body's members, and FunctionName from the path when the path names one.
 * The members are as the caller sent them: each action checks the ones it uses.
 */
export function jsonInput<Input>(request: LambdaRequest): Input {
  const body = requestObject(request.body);
  return (request.functionName ? { ...body, FunctionName: request.functionName } : body) as Input;
}

/** The SDK base64-encodes blobs inside the JSON body; a member of any other type reads as absent. */
export function functionCodeOf(code: unknown): FunctionCode {
  const members = (code && typeof code === 'object' ? code : {}) as Record<string, unknown>;
  return {
    ZipFile: typeof members.ZipFile === 'string' ? Buffer.from(members.ZipFile, 'base64') : undefined,
    S3Bucket: members.S3Bucket as string | undefined,
    S3Key: members.S3Key as string | undefined,
  };
}
