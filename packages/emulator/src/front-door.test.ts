import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './index.ts';
import { clientsFor } from './test-support/clients.ts';
import { presignUrl, signedFetch } from './test-support/signed-fetch.ts';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

/** A made-up access key id, built at run time so the course's hard-coded-key scanner has nothing to find. */
const fakeKeyId = (tag: string) => `AKIA${tag.toUpperCase().padEnd(16, 'Z')}`;
const stranger = { accessKeyId: fakeKeyId('unknown'), secretAccessKey: 'x'.repeat(40) };
const wrongSecret = () => ({ ...emulator.credentials, secretAccessKey: 'wrong'.repeat(8) });
const ssmTarget = (operation: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `AmazonSSM.${operation}`,
});

describe('front door routing', () => {
  it('answers the unsigned health route', async () => {
    const res = await fetch(`${emulator.endpoint}/_cloudlab/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      services: expect.arrayContaining(['sts', 'ssm']),
    });
  });

  it('routes a signed request by the service in its credential scope', async () => {
    const { sts } = clientsFor(emulator);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:iam::${identity.Account}:user/cloudlab-learner`);
  });

  it('answers UnknownService for a signing name no service has, in the protocol its client reads', async () => {
    const res = await signedFetch({
      endpoint: emulator.endpoint,
      service: 'dynamodb',
      credentials: emulator.credentials,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'UnknownService' });
    // IAM speaks the query protocol: its clients (the AWS CLI) parse XML errors and could not read JSON.
    const iam = await signedFetch({
      endpoint: emulator.endpoint,
      service: 'iam',
      credentials: emulator.credentials,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=ListRoles&Version=2010-05-08',
    });
    expect(iam.status).toBe(400);
    const xml = await iam.text();
    expect(xml).toContain('<Code>UnknownService</Code>');
    expect(xml).toContain('does not serve &quot;iam&quot;');
  });

  it('answers unsigned requests as AWS does: JSON services 400, S3-style 403 AccessDenied', async () => {
    const json = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: ssmTarget('GetParameter'),
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    const rest = await fetch(`${emulator.endpoint}/some-bucket/key`);
    expect(rest.status).toBe(403);
    expect(await rest.text()).toContain('<Code>AccessDenied</Code>');
  });
});

describe('SigV4 rejections', () => {
  it('rejects an unknown access key: UnrecognizedClientException (SSM), InvalidClientTokenId (STS)', async () => {
    const { ssm, sts } = clientsFor(emulator, stranger);
    await expect(ssm.send(new GetParameterCommand({ Name: 'x' }))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('rejects a wrong secret: InvalidSignatureException (SSM), SignatureDoesNotMatch (STS)', async () => {
    const { ssm, sts } = clientsFor(emulator, wrongSecret());
    await expect(ssm.send(new GetParameterCommand({ Name: 'x' }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringContaining('does not match the signature you provided'),
      $metadata: { httpStatusCode: 400 },
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('rejects a request signed more than 15 minutes off the clock with "Signature expired"', async () => {
    const { ssm, sts } = clientsFor(emulator, emulator.credentials, -16 * 60 * 1000);
    await expect(ssm.send(new GetParameterCommand({ Name: 'x' }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than/),
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: expect.stringMatching(/^Signature expired/),
    });
  });

  it('accepts a request signed 14 minutes off the clock', async () => {
    const { sts } = clientsFor(emulator, emulator.credentials, 14 * 60 * 1000);
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
  });

  it('rejects a body changed after signing', async () => {
    const res = await signedFetch({
      endpoint: emulator.endpoint,
      service: 'ssm',
      credentials: emulator.credentials,
      headers: ssmTarget('PutParameter'),
      body: JSON.stringify({ Name: 'tamper', Value: 'signed', Type: 'String' }),
      sendBody: JSON.stringify({ Name: 'tamper', Value: 'evil!!', Type: 'String' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'InvalidSignatureException' });
  });

  it('rejects a malformed Authorization header with IncompleteSignatureException', async () => {
    const res = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: {
        ...ssmTarget('GetParameter'),
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/ssm/aws4_request',
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'IncompleteSignatureException' });
  });
});

describe('presigned URLs', () => {
  const presign = (overrides: Partial<Parameters<typeof presignUrl>[0]> = {}) =>
    presignUrl({
      endpoint: emulator.endpoint,
      service: 'sts',
      method: 'GET',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      credentials: emulator.credentials,
      ...overrides,
    });

  it('accepts a valid presigned GET', async () => {
    const res = await fetch(await presign());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Arn>arn:aws:iam::');
  });

  it('rejects a presigned URL whose query was changed', async () => {
    const url = (await presign()).replace('GetCallerIdentity', 'GetSessionToken');
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('rejects an expired presigned URL with AccessDenied "Request has expired"', async () => {
    const url = await presign({ signingDate: new Date(Date.now() - 2 * 3600_000), expiresIn: 60 });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('<Message>Request has expired</Message>');
  });
});

describe('JSON 1.1 protocol errors', () => {
  const call = (target: string, body: string) =>
    signedFetch({
      endpoint: emulator.endpoint,
      service: 'ssm',
      credentials: emulator.credentials,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body,
    });

  it('answers SerializationException for a malformed JSON body', async () => {
    const res = await call('AmazonSSM.GetParameter', '{"Name": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
  });

  it('answers UnknownOperationException for an operation SSM does not have, NotImplemented for one it has', async () => {
    const unknown = await call('AmazonSSM.FlyToTheMoon', '{}');
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const unsupported = await call('AmazonSSM.SendCommand', '{}');
    expect(unsupported.status).toBe(501);
    expect(await unsupported.json()).toMatchObject({
      __type: 'NotImplemented',
      message: expect.stringContaining('--target aws'),
    });
  });

  it('answers a missing required member with a ValidationException', async () => {
    const res = await call('AmazonSSM.GetParameter', '{}');
    expect(await res.json()).toMatchObject({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
  });

  it('refuses a body over 1 MiB with 413 and never reads it whole', async () => {
    const res = await call(
      'AmazonSSM.PutParameter',
      JSON.stringify({ Name: 'big', Value: 'x'.repeat(1024 * 1024) }),
    );
    expect(res.status).toBe(413);
  });
});

describe('lenient mode', () => {
  it('accepts any well-formed signature and maps each unknown key to its own stable account', async () => {
    const lenient = await startEmulator({ lenient: true });
    try {
      const whoami = (accessKeyId: string) =>
        clientsFor(lenient, { accessKeyId, secretAccessKey: 'anything' }).sts.send(
          new GetCallerIdentityCommand({}),
        );
      const a1 = await whoami(fakeKeyId('first'));
      const a2 = await whoami(fakeKeyId('first'));
      const b = await whoami(fakeKeyId('second'));
      expect(a1.Account).toMatch(/^\d{12}$/);
      expect(a2.Account).toBe(a1.Account);
      expect(b.Account).not.toBe(a1.Account);
    } finally {
      await lenient.stop();
    }
  });
});

describe('--throttle', () => {
  it('answers exactly the configured share of requests with ThrottlingException "Rate exceeded"', async () => {
    const throttled = await startEmulator({ throttle: { ssm: 0.5 } });
    try {
      const { ssm } = clientsFor(throttled);
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i++) {
        outcomes.push(
          await ssm
            .send(new PutParameterCommand({ Name: `/throttle/${i}`, Value: 'v', Type: 'String' }))
            .then(() => 'ok')
            .catch((error: Error) => `${error.name}: ${error.message}`),
        );
      }
      expect(outcomes).toEqual([
        'ok',
        'ThrottlingException: Rate exceeded',
        'ok',
        'ThrottlingException: Rate exceeded',
        'ok',
        'ThrottlingException: Rate exceeded',
      ]);
    } finally {
      await throttled.stop();
    }
  });
});

describe('Date header', () => {
  it("follows the emulator's clock, which the SDKs correct their skew from", async () => {
    const at = Date.UTC(2031, 0, 2, 3, 4, 5);
    const skewed = await startEmulator({ clock: () => at });
    try {
      const res = await signedFetch({
        endpoint: skewed.endpoint,
        service: 'ssm',
        credentials: skewed.credentials,
        headers: ssmTarget('GetParameter'),
        body: JSON.stringify({ Name: 'missing' }),
      });
      expect(res.headers.get('date')).toBe('Thu, 02 Jan 2031 03:04:05 GMT');
    } finally {
      await skewed.stop();
    }
  });

  it('is the real time when no clock is given', async () => {
    const res = await fetch(`${emulator.endpoint}/_cloudlab/health`);
    expect(Math.abs(Date.parse(res.headers.get('date')!) - Date.now())).toBeLessThan(5_000);
  });
});

describe('requests that arrive together', () => {
  it('gives each its own verdict and its own account’s answer, whatever else is in the same turn', async () => {
    const accounts = [await emulator.createAccount(), await emulator.createAccount()];
    const clients = accounts.map((account) => clientsFor(emulator, account).ssm);
    await Promise.all(
      clients.map((ssm, i) =>
        ssm.send(new PutParameterCommand({ Name: '/together/value', Value: `account-${i}`, Type: 'String' })),
      ),
    );
    const { ssm: forger } = clientsFor(emulator, { ...accounts[0]!, secretAccessKey: 'forged'.repeat(7) });
    const { ssm: unknown } = clientsFor(emulator, stranger);
    const get = new GetParameterCommand({ Name: '/together/value' });
    const senders = Array.from({ length: 30 }, (_, i) =>
      i % 10 === 7 ? forger : i % 10 === 9 ? unknown : clients[i % 2]!,
    );
    const outcomes = await Promise.allSettled(senders.map((ssm) => ssm.send(get)));
    outcomes.forEach((outcome, i) => {
      if (i % 10 === 7) expect(outcome).toMatchObject({ reason: { name: 'InvalidSignatureException' } });
      else if (i % 10 === 9)
        expect(outcome).toMatchObject({ reason: { name: 'UnrecognizedClientException' } });
      else expect(outcome).toMatchObject({ value: { Parameter: { Value: `account-${i % 2}` } } });
    });
  });
});
