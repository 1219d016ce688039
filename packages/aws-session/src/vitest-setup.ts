import { createGlobalSetup } from './global-setup.ts';

export { startProcessEmulator } from './global-setup.ts';

/** `globalSetup: ['@cloudlab/aws-session/vitest-setup']` — starts the embedded emulator for a lab's tests. */
export default createGlobalSetup();
