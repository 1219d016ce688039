import type { ServiceFactory } from '../../core/types.ts';
import { createQueryService } from '../../protocols/query.ts';
import { assumeRole } from './actions/assume-role.ts';
import { getCallerIdentity } from './actions/get-caller-identity.ts';
import { getSessionToken } from './actions/get-session-token.ts';

/** STS over the query protocol: who am I, and temporary credentials with an enforced expiry. */
export const createStsService: ServiceFactory = () =>
  createQueryService({
    signingName: 'sts',
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      GetCallerIdentity: getCallerIdentity,
      AssumeRole: assumeRole,
      GetSessionToken: getSessionToken,
    },
    unsupported: [
      'AssumeRoleWithSAML',
      'AssumeRoleWithWebIdentity',
      'AssumeRoot',
      'DecodeAuthorizationMessage',
      'GetAccessKeyInfo',
      'GetFederationToken',
    ],
  });
