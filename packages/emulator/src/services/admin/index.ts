import { registryOf } from '../../core/operation.ts';
import type { ServiceFactory } from '../../core/types.ts';
import { createJsonService } from '../../protocols/json-1-1.ts';
import { setThrottle } from './set-throttle.ts';

/** The signing name and X-Amz-Target prefix of the emulator's own settings, asked for over SigV4. */
export const ADMIN_SIGNING_NAME = 'cloudlab';
export const ADMIN_TARGET_PREFIX = 'CloudlabAdmin';

/**
 * Settings a lab asks the emulator for over its one endpoint, signed like any AWS call so each applies to
 * the caller only (no AWS counterpart: AWS cannot be asked to throttle). Reached through
 * @cloudlab/aws-session, so labs never import the emulator.
 */
export const createAdminService: ServiceFactory = () =>
  createJsonService({
    signingName: ADMIN_SIGNING_NAME,
    targetPrefix: ADMIN_TARGET_PREFIX,
    operations: registryOf({ setThrottle }),
    env: undefined,
  });
