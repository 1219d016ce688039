import type { RunningEmulator } from './start-emulator.ts';

/** What a shell or client needs to reach an emulator (a running one, or a background one's state). */
export type Connection = Pick<RunningEmulator, 'endpoint' | 'region' | 'credentials' | 'caBundle'>;

/**
 * What `cloudlab emulator` prints for `eval "$(…)"`. This is the one place the emulator's own
 * throwaway secret is written out, because the user asked for it to configure their shell.
 */
export function shellExports(emulator: Connection): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return [
    `export AWS_ENDPOINT_URL=${quote(emulator.endpoint)}`,
    // Tells cloudlab that this endpoint is a cloudlab emulator (its admin service can throttle on request).
    'export CLOUDLAB_TARGET=emulator',
    `export AWS_ACCESS_KEY_ID=${quote(emulator.credentials.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${quote(emulator.credentials.secretAccessKey)}`,
    `export AWS_REGION=${quote(emulator.region)}`,
    // AWS CLI v1 reads only AWS_DEFAULT_REGION.
    `export AWS_DEFAULT_REGION=${quote(emulator.region)}`,
    'unset AWS_SESSION_TOKEN',
    // The AWS CLI and the SDKs for Python read it; cloudlab's sessions pass it to every client they make.
    ...(emulator.caBundle ? [`export AWS_CA_BUNDLE=${quote(emulator.caBundle)}`] : []),
  ].join('\n');
}

/** The same, as one JSON object (`--json`). */
export function connectionJson(emulator: Connection): string {
  return JSON.stringify({
    endpoint: emulator.endpoint,
    region: emulator.region,
    accessKeyId: emulator.credentials.accessKeyId,
    secretAccessKey: emulator.credentials.secretAccessKey,
    ...(emulator.caBundle ? { caBundle: emulator.caBundle } : {}),
  });
}

/** The one status line `cloudlab emulator` writes to stderr once it listens. */
export function statusLine(emulator: RunningEmulator, options: { json?: boolean; dataDir?: string }): string {
  return (
    `cloudlab emulator listening on ${emulator.endpoint}${options.dataDir ? ` (state in ${options.dataDir})` : ''}` +
    `${options.json ? '' : ' — paste the export lines above into the shell that runs your code (`eval "$(pnpm -s cloudlab emulator --detach)"` starts one in the background instead)'}; Ctrl-C stops it`
  );
}

/** What `cloudlab emulator stop` prints for `eval "$(…)"`: the shell forgets the stopped endpoint. */
export function shellUnsets(): string {
  return 'unset AWS_ENDPOINT_URL CLOUDLAB_TARGET AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_CA_BUNDLE';
}
