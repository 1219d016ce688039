import { lazyServiceGroup } from '../core/lazy-service.ts';
import type { ServiceFactory } from '../core/types.ts';
import { createAdminService } from './admin/index.ts';
import { createS3Service } from './s3/index.ts';
import { createSsmService } from './ssm/index.ts';
import { createSsoService } from './sso/index.ts';
import { createStsService } from './sts/index.ts';

/** Every service the emulator serves, keyed by nothing but its own signingName. One line each. */
export const serviceFactories: ServiceFactory[] = [
  createStsService,
  createSsmService,
  // Loaded together on the first CloudFormation or Lambda request (70 MiB: Lambda's own zip body limit).
  ...lazyServiceGroup(
    [
      { signingName: 'cloudformation', protocol: 'query' },
      { signingName: 'lambda', protocol: 'rest-json', maxBodyBytes: 70 * 1024 * 1024, unsignedRoutes: true },
    ],
    async () => [
      (await import('./cloudformation/index.ts')).createCloudFormationService,
      (await import('./lambda/index.ts')).createLambdaService,
    ],
  ),
  createS3Service,
  createSsoService,
  createAdminService,
];
