import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createSession, type Session } from './session.ts';

/**
 * A session on the embedded emulator for one test file, in an isolated environment (isolateEnvironment),
 * closed and restored after the file. Read `.session` inside the tests: it exists once the file starts.
 */
export function useEmulatorSession(): { readonly session: Session } {
  let sandbox: ReturnType<typeof isolateEnvironment> | undefined;
  let session: Session | undefined;
  beforeAll(() => {
    sandbox = isolateEnvironment();
    session = createSession({ target: 'emulator', region: 'us-east-1' });
  });
  afterAll(async () => {
    await session?.close();
    sandbox?.restore();
  });
  return {
    get session() {
      if (!session) throw new Error('useEmulatorSession: the session exists once the test file starts');
      return session;
    },
  };
}

/** Variables that would let the developer's own AWS setup leak into a test. */
const AWS_VARIABLES = /^(AWS_|CLOUDLAB_|C9_)/;

/**
 * Gives each test an empty HOME and an environment without AWS settings, restored afterwards.
 * Instance metadata is switched off: a test must never reach 169.254.169.254.
 */
export function isolateEnvironment(): {
  home: string;
  restore(): void;
  writeAws(file: string, text: string): string;
} {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (AWS_VARIABLES.test(name)) delete process.env[name];
  const home = mkdtempSync(join(tmpdir(), 'cloudlab home '));
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return {
    home,
    writeAws(file, text) {
      mkdirSync(join(home, '.aws'), { recursive: true });
      const path = join(home, '.aws', file);
      writeFileSync(path, text);
      return path;
    },
    restore() {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A tiny STS on 127.0.0.1 answering GetCallerIdentity and AssumeRole in the query protocol's XML,
 * enough for the SDK's own assume-role provider and for whoami over real HTTP.
 */
export async function startStubSts(options: { callerArn: string; expiration?: Date }): Promise<{
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const action = new URLSearchParams(body).get('Action');
      const ns = 'https://sts.amazonaws.com/doc/2011-06-15/';
      res.setHeader('content-type', 'text/xml');
      if (action === 'AssumeRole') {
        const roleArn = new URLSearchParams(body).get('RoleArn') ?? '';
        const session = new URLSearchParams(body).get('RoleSessionName') ?? '';
        const role = roleArn.split('/').at(-1);
        const expiration = (options.expiration ?? new Date(Date.now() + 3600_000)).toISOString();
        res.end(
          `<AssumeRoleResponse xmlns="${ns}"><AssumeRoleResult><Credentials>` +
            `<AccessKeyId>ASIAASSUMEDROLE00001</AccessKeyId><SecretAccessKey>assumedSecretKeyValue000000000000000000</SecretAccessKey>` +
            `<SessionToken>assumedSessionTokenValue</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
            `<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/${role}/${session}</Arn>` +
            `<AssumedRoleId>AROAEXAMPLE:${session}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>` +
            `<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
        return;
      }
      if (action === 'GetCallerIdentity') {
        res.end(
          `<GetCallerIdentityResponse xmlns="${ns}"><GetCallerIdentityResult><Arn>${options.callerArn}</Arn>` +
            `<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>` +
            `<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
        return;
      }
      res.statusCode = 400;
      res.end(
        `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>unsupported</Message></Error></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
