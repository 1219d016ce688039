import { AwsError } from '../../core/aws-error.ts';

/** The portal's answers to a bad request, as AWS words them (REST-JSON, code in x-amzn-ErrorType). */

/** A missing, unknown, expired or signed-out access token. */
export const unauthorized = () =>
  new AwsError(
    'UnauthorizedException',
    'Session token not found or invalid — run `aws sso login` again (offline: sign in to the emulator again) and retry',
    401,
  );

/** A role or account the signed-in user is not assigned (AWS says only "No access"). */
export const noAccess = () => new AwsError('ForbiddenException', 'No access', 403);

export const invalidRequest = (message: string) => new AwsError('InvalidRequestException', message, 400);
