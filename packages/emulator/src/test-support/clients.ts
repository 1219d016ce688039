import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { RunningEmulator } from '../start-emulator.ts';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Official SDK clients pointed at an emulator; one attempt, so errors reach the test unretried. */
export function clientsFor(
  emulator: RunningEmulator,
  credentials: Credentials = emulator.credentials,
  clockOffsetMs = 0,
) {
  const config = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials,
    maxAttempts: 1,
    systemClockOffset: clockOffsetMs,
  };
  return { ssm: new SSMClient(config), sts: new STSClient(config) };
}

/** A clock tests can move forward, for expiry checks without waiting. */
export function movableClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
    get offset() {
      return offset;
    },
  };
}
