import { createGlobalSetup } from '../../src/global-setup.ts';
import { startHttpEmulator } from './http-emulator.ts';

/** The real globalSetup with a stand-in emulator. */
export default createGlobalSetup(startHttpEmulator);
