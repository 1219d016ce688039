import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type EmulatorHandle, startEmbeddedEmulator, stopEmbeddedEmulator } from '@cloudlab/aws-session';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type LocalApi, type LocalRoute, matchLocalRoute, startLocalApi } from './local-api.ts';
import { SamError } from './sam-error.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api');
const TEMPLATE = join(FIXTURE, 'template.yaml');
let emulator: EmulatorHandle;
let api: LocalApi;
const invoked: string[] = [];

beforeAll(async () => {
  emulator = await startEmbeddedEmulator('us-east-1');
  const config = { endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials };
  const accountId = (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Account!;
  await new SSMClient(config).send(
    new PutParameterCommand({ Name: '/cloudlab/student/05/greeting', Value: 'hello', Type: 'String' }),
  );
  api = await startLocalApi({
    templatePath: TEMPLATE,
    port: 0,
    aws: {
      accountId,
      region: emulator.region,
      endpoint: emulator.endpoint,
      credentials: emulator.credentials,
    },
    onInvoke: (route, report) =>
      invoked.push(`${route.method} ${route.path} ${report.functionError ?? 'ok'}`),
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  if (emulator) await stopEmbeddedEmulator(emulator);
});

describe('startLocalApi', () => {
  it("serves the template's HttpApi routes on loopback, running the function as its role", async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(api.routes).toEqual([{ functionId: 'ConfigFunction', method: 'GET', path: '/config/{name}' }]);
    const response = await fetch(`${api.url}/config/greeting`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ name: 'greeting', value: 'hello' });
    expect(invoked).toContain('GET /config/{name} ok');
  }, 60_000);

  it("answers with the handler's own status code, and 404 for a path no route matches", async () => {
    expect((await fetch(`${api.url}/config/missing-one`)).status).toBe(404);
    expect((await fetch(`${api.url}/config/bad%20name`)).status).toBe(400);
    const unrouted = await fetch(`${api.url}/nothing/here`);
    expect(unrouted.status).toBe(404);
    expect(await unrouted.json()).toEqual({ message: 'Not Found' });
    expect((await fetch(`${api.url}/config/greeting`, { method: 'POST' })).status).toBe(404);
  }, 60_000);

  it('refuses a template without HttpApi events, saying what to add', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudlab-start-api-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'template.yaml');
    writeFileSync(path, readFileSync(TEMPLATE, 'utf8').replace(/ {6}Events:[\s\S]*?Method: GET\n/, ''));
    const failure = await startLocalApi({
      templatePath: path,
      aws: { accountId: '1', region: 'us-east-1' },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SamError);
    expect((failure as SamError).code).toBe('NoApiRoutes');
  });
});

describe('matchLocalRoute', () => {
  const route = (method: string, path: string): LocalRoute => ({ functionId: 'F', method, path });
  const routes = [
    route('ANY', '$default'),
    route('GET', '/items/{id}'),
    route('ANY', '/items/special'),
    route('GET', '/files/{proxy+}'),
  ];
  it('prefers a literal path to a template, a template to $default, as API Gateway does', () => {
    expect(matchLocalRoute(routes, 'GET', '/items/special')?.path).toBe('/items/special');
    expect(matchLocalRoute(routes, 'GET', '/items/42')?.path).toBe('/items/{id}');
    expect(matchLocalRoute(routes, 'GET', '/files/a/b/c.txt')?.path).toBe('/files/{proxy+}');
    expect(matchLocalRoute(routes, 'DELETE', '/items/42')?.path).toBe('$default');
  });
});
