import { registryOf } from '../../core/operation.ts';
import type { ServiceFactory } from '../../core/types.ts';
import { createJsonService } from '../../protocols/json-1-1.ts';
import { seedObjects } from './seed-objects.ts';
import { setThrottle } from './set-throttle.ts';

/** The signing name and X-Amz-Target prefix of the emulator's own settings, asked for over SigV4. */
export const ADMIN_SIGNING_NAME = 'cloudlab';
export const ADMIN_TARGET_PREFIX = 'CloudlabAdmin';

/**
 * What a lab's tests ask of the emulator beyond AWS's APIs, over its one endpoint, signed like any AWS call so
 * each applies to the caller only: a throttle on its own key (AWS cannot be asked to throttle), a fixture of
 * many objects in one of its own buckets. Reached through
 * @cloudlab/aws-session, so labs never import the emulator.
 */
export const createAdminService: ServiceFactory = () =>
  createJsonService({
    signingName: ADMIN_SIGNING_NAME,
    targetPrefix: ADMIN_TARGET_PREFIX,
    operations: registryOf({ seedObjects, setThrottle }),
    env: undefined,
  });
