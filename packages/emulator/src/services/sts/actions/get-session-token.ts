import type { GetSessionTokenResponse } from '@aws-sdk/client-sts';
import { AwsError } from '../../../core/aws-error.ts';
import type { StsOperation } from '../sts-operation.ts';
import { credentialsXml, durationSeconds } from '../validation.ts';

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html */
export const getSessionToken: StsOperation<GetSessionTokenResponse> = {
  name: 'GetSessionToken',
  iamAction: null,
  async handle(params, ctx) {
    if (ctx.signing.sessionToken) {
      throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
    }
    const ttl = durationSeconds(params, 900, 129600, 43200);
    const { accessKeyId: _parentKey, ...principal } = ctx.principal;
    return { Credentials: credentialsXml(ctx.runtime.issueCredentials(principal, ttl)) };
  },
};
