import type { ServiceShape } from '../../core/lazy-service.ts';
import { QUERY_PROTOCOL } from '../../protocols/query.ts';

/**
 * What the front door knows of CloudFormation before its module loads (services/index.ts) and what the
 * service is built with: a light module, so stating it here loads none of CloudFormation.
 */
export const cloudFormationShape = {
  signingName: 'cloudformation',
  protocol: QUERY_PROTOCOL,
} as const satisfies ServiceShape;
