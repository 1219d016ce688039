import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { type PrincipalInfo, parsePrincipalArn } from './arn.ts';
import { SessionError } from './session-error.ts';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  principal: PrincipalInfo;
}

const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const INVALID_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
]);

/** STS GetCallerIdentity needs no permissions, so it is the honest "who am I" for any credentials. */
export async function whoami(sts: STSClient): Promise<CallerIdentity> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    const arn = out.Arn ?? '';
    return { account: out.Account ?? '', arn, userId: out.UserId ?? '', principal: parsePrincipalArn(arn) };
  } catch (error) {
    const code = (error as { name?: string }).name ?? '';
    if (EXPIRED_CODES.has(code)) {
      throw new SessionError(
        'ExpiredToken',
        'the security token in these credentials has expired — get fresh credentials (aws sso login, re-run the command that issued them; on Cloud9 wait a minute for the refresh) and try again',
        { cause: error },
      );
    }
    if (INVALID_CODES.has(code)) {
      throw new SessionError(
        code,
        'the access key or its secret was rejected — check them with `aws configure list`, or create a new access key',
        { cause: error },
      );
    }
    throw error;
  }
}
