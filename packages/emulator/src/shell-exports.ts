import type { RunningEmulator } from './start-emulator.ts';

/**
 * What `cloudlab emulator` prints for `eval "$(…)"`. This is the one place the emulator's own
 * throwaway secret is written out, because the user asked for it to configure their shell.
 */
export function shellExports(emulator: RunningEmulator): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return [
    `export AWS_ENDPOINT_URL=${quote(emulator.endpoint)}`,
    `export AWS_ACCESS_KEY_ID=${quote(emulator.credentials.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${quote(emulator.credentials.secretAccessKey)}`,
    `export AWS_REGION=${quote(emulator.region)}`,
    // AWS CLI v1 reads only AWS_DEFAULT_REGION.
    `export AWS_DEFAULT_REGION=${quote(emulator.region)}`,
    'unset AWS_SESSION_TOKEN',
  ].join('\n');
}

/** The same, as one JSON object (`--json`). */
export function connectionJson(emulator: RunningEmulator): string {
  return JSON.stringify({
    endpoint: emulator.endpoint,
    region: emulator.region,
    accessKeyId: emulator.credentials.accessKeyId,
    secretAccessKey: emulator.credentials.secretAccessKey,
  });
}

/** The one status line `cloudlab emulator` writes to stderr once it listens. */
export function statusLine(emulator: RunningEmulator, options: { json?: boolean; dataDir?: string }): string {
  return (
    `cloudlab emulator listening on ${emulator.endpoint}${options.dataDir ? ` (state in ${options.dataDir})` : ''}` +
    `${options.json ? '' : ' — eval "$(pnpm --silent cloudlab emulator)" sets your shell up'}; Ctrl-C stops it`
  );
}
