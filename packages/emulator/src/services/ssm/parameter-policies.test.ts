import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  type PutParameterCommandInput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { clientsFor, movableClock } from '../../test-support/clients.ts';

const clock = movableClock();
let emulator: RunningEmulator;
let ssm: SSMClient;
let name: string;
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator({ clock: clock.now });
  // The SDK signs with the emulator's clock, as it would after correcting its skew from the Date header.
  ssm = clientsFor(emulator).ssm;
});
afterAll(() => emulator.stop());
beforeEach(() => {
  name = `/policies/p${++n}`;
  ssm.config.systemClockOffset = clock.offset;
});

const inMinutes = (minutes: number) => new Date(clock.now() + minutes * 60_000).toISOString();
const expiration = (Timestamp: string) => ({ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp } });

const put = (extra: Partial<PutParameterCommandInput> = {}) =>
  ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String', Tier: 'Advanced', ...extra }));

const rejects = (promise: Promise<unknown>, errorName: string, message?: RegExp) =>
  expect(promise).rejects.toMatchObject({
    name: errorName,
    $metadata: { httpStatusCode: 400 },
    ...(message ? { message: expect.stringMatching(message) } : {}),
  });

const describeOne = async (Name: string) =>
  (
    await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [Name] }],
      }),
    )
  ).Parameters ?? [];

describe('parameter policies', () => {
  it('deletes a parameter when its Expiration passes, and not before', async () => {
    await put({ Policies: JSON.stringify([expiration(inMinutes(5))]) });
    clock.advance(4 * 60_000);
    ssm.config.systemClockOffset = clock.offset;
    expect((await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value).toBe('v');
    clock.advance(2 * 60_000);
    ssm.config.systemClockOffset = clock.offset;
    await rejects(ssm.send(new GetParameterCommand({ Name: name })), 'ParameterNotFound');
    const byPath = await ssm.send(new GetParametersByPathCommand({ Path: '/policies' }));
    expect(byPath.Parameters?.map((p) => p.Name)).not.toContain(name);
    // The name is free again: a new parameter starts at version 1.
    expect((await put()).Version).toBe(1);
  });

  it('answers the policies back in DescribeParameters, and keeps them across an overwrite that names none', async () => {
    const policies = [
      expiration(inMinutes(60)),
      { Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '15', Unit: 'Days' } },
      { Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '20', Unit: 'Hours' } },
    ];
    await put({ Policies: JSON.stringify(policies) });
    await put({ Value: 'w', Overwrite: true });
    const [meta] = await describeOne(name);
    expect(meta?.Tier).toBe('Advanced');
    expect(meta?.Policies?.map((p) => [p.PolicyType, p.PolicyStatus])).toEqual([
      ['Expiration', 'Pending'],
      ['ExpirationNotification', 'Pending'],
      ['NoChangeNotification', 'Pending'],
    ]);
    expect(JSON.parse(meta!.Policies![0]!.PolicyText!)).toEqual(policies[0]);
    await put({ Value: 'x', Overwrite: true, Policies: '[]' });
    expect((await describeOne(name))[0]?.Policies).toEqual([]);
  });

  it('requires the advanced tier, which Intelligent-Tiering picks for a policy', async () => {
    const Policies = JSON.stringify([expiration(inMinutes(60))]);
    await rejects(put({ Tier: 'Standard', Policies }), 'ValidationException', /advanced tier/);
    await rejects(put({ Tier: undefined, Policies }), 'ValidationException', /advanced tier/);
    expect(await put({ Tier: 'Intelligent-Tiering', Policies })).toMatchObject({ Tier: 'Advanced' });
  });

  it("answers AWS's error codes for bad policies", async () => {
    const policies = (list: unknown) => put({ Policies: JSON.stringify(list) });
    await rejects(
      policies([{ Type: 'Rotation', Version: '1.0', Attributes: {} }]),
      'InvalidPolicyTypeException',
    );
    await rejects(policies([expiration('next tuesday')]), 'InvalidPolicyAttributeException', /ISO 8601/);
    await rejects(policies([expiration(inMinutes(-1))]), 'InvalidPolicyAttributeException', /in the past/);
    await rejects(
      policies([
        { Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '20', Unit: 'Weeks' } },
      ]),
      'InvalidPolicyAttributeException',
      /Days or Hours/,
    );
    await rejects(put({ Policies: '{not json' }), 'InvalidPolicyAttributeException');
    await rejects(
      policies([expiration(inMinutes(60)), expiration(inMinutes(90))]),
      'IncompatiblePolicyException',
      /only one Expiration/,
    );
    await rejects(
      policies(Array.from({ length: 11 }, () => expiration(inMinutes(60)))),
      'PoliciesLimitExceededException',
    );
    await rejects(ssm.send(new GetParameterCommand({ Name: name })), 'ParameterNotFound');
  });
});
