import { writeFileSync } from 'node:fs';
import { createGlobalSetup } from '../../src/global-setup.ts';

/** The real globalSetup with a stand-in emulator whose stop() leaves a marker file. */
export default createGlobalSetup(async (region) => ({
  endpoint: 'http://127.0.0.1:45999',
  region,
  credentials: { accessKeyId: 'AKIAFAKEEMULATOR0001', secretAccessKey: 'fake-emulator-secret' },
  stop() {
    writeFileSync(process.env.STOP_MARKER as string, 'stopped');
  },
}));
