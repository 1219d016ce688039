import { AwsError } from '../../../core/aws-error.ts';
import type { RequestContext } from '../../../core/types.ts';
import { credentialsXml, durationSeconds } from '../validation.ts';

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html */
export async function getSessionToken(params: Record<string, string>, ctx: RequestContext) {
  if (ctx.signing.sessionToken) {
    throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
  }
  const ttl = durationSeconds(params, 900, 129600, 43200);
  const { accessKeyId: _parentKey, ...principal } = ctx.principal;
  return { Credentials: credentialsXml(ctx.runtime.issueCredentials(principal, ttl)) };
}
