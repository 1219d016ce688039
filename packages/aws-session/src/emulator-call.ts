import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { SessionError } from './session-error.ts';

/** Who asks the emulator for one of its own settings, and where it listens. */
export interface EmulatorCaller {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
}

export interface EmulatorRequest {
  /** The SigV4 signing name that routes the call to one of the emulator's services. */
  service: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** What the call is for, in the error a refusal raises: "the throttle setting". */
  what: string;
  /** What to do instead where no cloudlab emulator answers. */
  elsewhere: string;
}

/**
 * Sends one POST to the cloudlab emulator, signed like an AWS call so it acts for the signing key only,
 * and returns the parsed JSON answer; a refusal raises a SessionError with the emulator's code.
 */
export async function callEmulator(caller: EmulatorCaller, request: EmulatorRequest): Promise<unknown> {
  const url = new URL(caller.endpoint);
  const signer = new SignatureV4({
    service: request.service,
    region: caller.region,
    credentials: caller.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: request.path,
    headers: { host: url.host, ...request.headers },
    body: request.body,
  });
  let answer: Response;
  try {
    answer = await fetch(new URL(request.path, url), {
      method: 'POST',
      headers: signed.headers,
      body: request.body,
    });
  } catch (error) {
    throw new SessionError(
      'EndpointUnreachable',
      `the emulator at ${caller.endpoint} did not answer — start it again (\`pnpm cloudlab emulator\`) or grade on the embedded one`,
      { cause: error },
    );
  }
  const text = await answer.text();
  if (answer.ok) return text ? JSON.parse(text) : {};
  let code = answer.headers.get('x-amzn-errortype') || `HTTP${answer.status}`;
  let detail = text.slice(0, 200);
  try {
    const parsed = JSON.parse(text) as { __type?: string; message?: string };
    code = parsed.__type?.split('#').pop() || code;
    detail = parsed.message ?? detail;
  } catch {
    // Not the emulator's JSON: another endpoint, which has none of the emulator's own calls.
  }
  throw new SessionError(
    code,
    `${caller.endpoint} refused ${request.what} (${detail}) — only the cloudlab emulator answers it; ${request.elsewhere}`,
  );
}
