import { callEmulator, type EmulatorCaller } from './emulator-call.ts';

/**
 * Asks the cloudlab emulator at `caller.endpoint` to store `body` under every key of `keys` in `bucket`, one
 * of the caller's own buckets, in one request: each key as a PutObject of that body would store it, with
 * PutObject's permission checked for each. A test's fixture of thousands of objects then costs one call
 * instead of thousands. No AWS API does this: on other targets, send PutObject for each key.
 */
export async function seedEmulatorObjects(
  caller: EmulatorCaller,
  bucket: string,
  keys: readonly string[],
  body: string,
): Promise<void> {
  await callEmulator(caller, {
    service: 'cloudlab',
    path: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'CloudlabAdmin.SeedObjects',
    },
    body: JSON.stringify({ Bucket: bucket, Keys: keys, Body: body }),
    what: keys.length === 1 ? `an object for ${bucket}` : `${keys.length} objects for ${bucket}`,
    elsewhere: 'elsewhere, send PutObject for each key',
  });
}
