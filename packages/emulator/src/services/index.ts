import { lazyServiceGroup } from '../core/lazy-service.ts';
import type { ServiceFactory } from '../core/types.ts';
import { createAdminService } from './admin/index.ts';
import { cloudFormationShape } from './cloudformation/cloudformation-shape.ts';
import { lambdaShape } from './lambda/lambda-shape.ts';
import { createS3Service } from './s3/index.ts';
import { createSsmService } from './ssm/index.ts';
import { createSsoService } from './sso/index.ts';
import { createStsService } from './sts/index.ts';

/** Every service the emulator serves, keyed by nothing but its own signingName. One line each. */
export const serviceFactories: ServiceFactory[] = [
  createStsService,
  createSsmService,
  // Loaded together on the first CloudFormation or Lambda request; each module's light shape says how it speaks.
  ...lazyServiceGroup([cloudFormationShape, lambdaShape], async () => [
    (await import('./cloudformation/index.ts')).createCloudFormationService,
    (await import('./lambda/index.ts')).createLambdaService,
  ]),
  createS3Service,
  createSsoService,
  createAdminService,
];
