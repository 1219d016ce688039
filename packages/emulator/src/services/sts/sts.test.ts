import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { clientsFor, movableClock } from '../../test-support/clients.ts';

const clock = movableClock();
let emulator: RunningEmulator;
let account: string;

beforeAll(async () => {
  emulator = await startEmulator({ clock: clock.now });
  account = (await clientsFor(emulator).sts.send(new GetCallerIdentityCommand({}))).Account!;
});
afterAll(() => emulator.stop());

const assume = (RoleName: string, extra: { DurationSeconds?: number; RoleSessionName?: string } = {}) =>
  clientsFor(emulator, emulator.credentials, clock.offset).sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/${RoleName}`,
      RoleSessionName: 'lab',
      ...extra,
    }),
  );

const sessionClients = (credentials: {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
}) =>
  clientsFor(
    emulator,
    {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    },
    clock.offset,
  );

describe('GetCallerIdentity', () => {
  it('names the account, user id and ARN of the caller', async () => {
    const identity = await clientsFor(emulator).sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: expect.stringMatching(/^\d{12}$/),
      UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
      Arn: `arn:aws:iam::${identity.Account}:user/cloudlab-learner`,
    });
  });
});

describe('AssumeRole', () => {
  it('returns ASIA credentials with a session token that identify as the assumed role', async () => {
    const out = await assume('reader', { RoleSessionName: 'alice' });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.SessionToken).toBeTruthy();
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/reader/alice`);
    const identity = await sessionClients(out.Credentials!).sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::${account}:assumed-role/reader/alice`);
    expect(identity.UserId).toMatch(/^AROA[A-Z0-9]+:alice$/);
  });

  it('defaults to one hour and honours DurationSeconds', async () => {
    const before = clock.now();
    const one = await assume('r1');
    expect(one.Credentials!.Expiration!.getTime() - before).toBeGreaterThanOrEqual(3600_000 - 2000);
    expect(one.Credentials!.Expiration!.getTime() - before).toBeLessThanOrEqual(3600_000 + 2000);
    const twelve = await assume('r1', { DurationSeconds: 43200 });
    expect(twelve.Credentials!.Expiration!.getTime() - before).toBeGreaterThan(43000_000);
  });

  it.each([
    [899, 'Member must have value greater than or equal to 900'],
    [43201, 'Member must have value less than or equal to 43200'],
  ])('refuses DurationSeconds %i with a ValidationError', async (DurationSeconds, rule) => {
    await expect(assume('r1', { DurationSeconds })).rejects.toMatchObject({
      name: 'ValidationError',
      message: `1 validation error detected: Value '${DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: ${rule}`,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a role in another account with AccessDenied', async () => {
    const other = account === '111111111111' ? '222222222222' : '111111111111';
    await expect(
      clientsFor(emulator).sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${other}:role/x`, RoleSessionName: 'lab' }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('enforces the expiry: the session is refused with ExpiredToken once DurationSeconds have passed', async () => {
    const out = await assume('short', { DurationSeconds: 900 });
    await expect(
      sessionClients(out.Credentials!).sts.send(new GetCallerIdentityCommand({})),
    ).resolves.toBeDefined();
    clock.advance(901_000);
    await expect(
      sessionClients(out.Credentials!).sts.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      sessionClients(out.Credentials!).ssm.send(new GetParameterCommand({ Name: 'x' })),
    ).rejects.toMatchObject({ name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses a session whose token was altered', async () => {
    const out = await assume('r2');
    const forged = { ...out.Credentials!, SessionToken: `${out.Credentials!.SessionToken}x` };
    await expect(sessionClients(forged).sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
    });
  });
});

describe('role policies', () => {
  it("limits a session to its role's policies, with AWS's AccessDeniedException message", async () => {
    const roleArn = `arn:aws:iam::${account}:role/app-reader`;
    emulator.runtime.roles.setPolicies(roleArn, [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['ssm:GetParameter*'],
            Resource: `arn:aws:ssm:*:${account}:parameter/app/*`,
          },
        ],
      },
    ]);
    const owner = clientsFor(emulator, emulator.credentials, clock.offset).ssm;
    await owner.send(new PutParameterCommand({ Name: '/app/secret', Value: 'v', Type: 'SecureString' }));
    await owner.send(new PutParameterCommand({ Name: '/other/x', Value: 'v', Type: 'String' }));
    const { ssm } = sessionClients((await assume('app-reader')).Credentials!);

    expect((await ssm.send(new GetParameterCommand({ Name: '/app/secret' }))).Parameter?.Type).toBe(
      'SecureString',
    );
    await expect(ssm.send(new GetParameterCommand({ Name: '/other/x' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:sts::${account}:assumed-role/app-reader/lab is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:${account}:parameter/other/x because no identity-based policy allows the ssm:GetParameter action`,
    });
    await expect(
      ssm.send(new GetParameterCommand({ Name: '/app/secret', WithDecryption: true })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `kms:Decrypt on resource: arn:aws:kms:us-east-1:${account}:alias/aws/ssm`,
      ),
    });
  });
});

describe('session policies', () => {
  it('lets a session do only what both the role and the AssumeRole Policy allow', async () => {
    const owner = clientsFor(emulator, emulator.credentials, clock.offset).ssm;
    await owner.send(new PutParameterCommand({ Name: '/scoped/a', Value: 'a', Type: 'String' }));
    await owner.send(new PutParameterCommand({ Name: '/scoped/b', Value: 'b', Type: 'String' }));
    const out = await clientsFor(emulator, emulator.credentials, clock.offset).sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/unrestricted`,
        RoleSessionName: 'narrow',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:*:*:parameter/scoped/a` },
          ],
        }),
      }),
    );
    const { ssm } = sessionClients(out.Credentials!);
    expect((await ssm.send(new GetParameterCommand({ Name: '/scoped/a' }))).Parameter?.Value).toBe('a');
    await expect(ssm.send(new GetParameterCommand({ Name: '/scoped/b' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('because no session policy allows the ssm:GetParameter action'),
    });
  });

  it('refuses a Policy that is not JSON with MalformedPolicyDocument (the SDK names it MalformedPolicyDocumentException)', async () => {
    await expect(
      clientsFor(emulator, emulator.credentials, clock.offset).sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/r`,
          RoleSessionName: 'lab',
          Policy: '{nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('session policies in every IAM form', () => {
  const sessionWith = async (Statement: unknown) => {
    const out = await clientsFor(emulator, emulator.credentials, clock.offset).sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/unrestricted`,
        RoleSessionName: 'forms',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement }),
      }),
    );
    return sessionClients(out.Credentials!).ssm;
  };

  it('applies NotAction in a single statement object, and denies with AccessDenied, never a 500', async () => {
    const owner = clientsFor(emulator, emulator.credentials, clock.offset).ssm;
    await owner.send(new PutParameterCommand({ Name: '/forms/a', Value: 'a', Type: 'String' }));
    const ssm = await sessionWith({ Effect: 'Allow', NotAction: 'ssm:PutParameter', Resource: '*' });
    expect((await ssm.send(new GetParameterCommand({ Name: '/forms/a' }))).Parameter?.Value).toBe('a');
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/forms/a', Value: 'b', Type: 'String', Overwrite: true })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
  });

  it('applies a Condition on the requested region and on the role the session belongs to', async () => {
    const owner = clientsFor(emulator, emulator.credentials, clock.offset).ssm;
    await owner.send(new PutParameterCommand({ Name: '/forms/b', Value: 'b', Type: 'String' }));
    const elsewhere = await sessionWith([
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      },
    ]);
    await expect(elsewhere.send(new GetParameterCommand({ Name: '/forms/b' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const here = await sessionWith([
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:RequestedRegion': emulator.region },
          ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/unrestricted` },
        },
      },
    ]);
    expect((await here.send(new GetParameterCommand({ Name: '/forms/b' }))).Parameter?.Value).toBe('b');
    // The classic "only from the office network" Deny: the emulator sees the learner's loopback address.
    const office = await sessionWith([
      { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
      },
    ]);
    await expect(office.send(new GetParameterCommand({ Name: '/forms/b' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('with an explicit deny in a session policy'),
    });
  });

  it("lets kms:Decrypt through Parameter Store only where kms:ViaService matches (lab 03's policy)", async () => {
    const owner = clientsFor(emulator, emulator.credentials, clock.offset).ssm;
    await owner.send(
      new PutParameterCommand({ Name: '/forms/secret', Value: 's3cret', Type: 'SecureString' }),
    );
    const policyWith = (operator: string) => [
      { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { [operator]: { 'kms:ViaService': 'ssm.*.amazonaws.com' } },
      },
    ];
    const read = { Name: '/forms/secret', WithDecryption: true };
    const like = await sessionWith(policyWith('StringLike'));
    expect((await like.send(new GetParameterCommand(read))).Parameter?.Value).toBe('s3cret');
    // StringEquals compares the * literally, as on AWS: the Allow never applies.
    const equals = await sessionWith(policyWith('StringEquals'));
    await expect(equals.send(new GetParameterCommand(read))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('kms:Decrypt'),
    });
  });

  it('refuses a statement without resources, with MalformedPolicyDocument and the reason', async () => {
    await expect(sessionWith([{ Effect: 'Allow', Action: 'ssm:*' }])).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'The session policy, statement 1: Policy statement must contain resources.',
    });
  });
});

describe('GetSessionToken', () => {
  it('returns temporary credentials for the same identity, and refuses to be called with them', async () => {
    const out = await clientsFor(emulator, emulator.credentials, clock.offset).sts.send(
      new GetSessionTokenCommand({ DurationSeconds: 900 }),
    );
    const session = sessionClients(out.Credentials!);
    const identity = await session.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:iam::${account}:user/cloudlab-learner`);
    await expect(session.sts.send(new GetSessionTokenCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Cannot call GetSessionToken with session credentials',
    });
  });
});
