import type { ServiceFactory } from '../core/types.ts';
import { createAdminService } from './admin/index.ts';
import { createCloudFormationService } from './cloudformation/index.ts';
import { createLambdaService } from './lambda/index.ts';
import { createS3Service } from './s3/index.ts';
import { createSsmService } from './ssm/index.ts';
import { createStsService } from './sts/index.ts';

/** Every service the emulator serves, keyed by nothing but its own signingName. One line each. */
export const serviceFactories: ServiceFactory[] = [
  createStsService,
  createSsmService,
  createCloudFormationService,
  createLambdaService,
  createS3Service,
  createAdminService,
];
