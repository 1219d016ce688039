import { registryOf } from '../../core/operation.ts';
import type { ServiceFactory } from '../../core/types.ts';
import { AWS_OPERATIONS } from '../../protocols/aws-operations.ts';
import { createQueryService } from '../../protocols/query.ts';
import * as actions from './actions/index.ts';

/** STS over the query protocol: who am I, and temporary credentials with an enforced expiry. */
export const createStsService: ServiceFactory = () =>
  createQueryService({
    signingName: 'sts',
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: registryOf(actions),
    unsupported: AWS_OPERATIONS.sts,
  });
