import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  type SSMClient,
  UnlabelParameterVersionCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { clientsFor } from '../../test-support/clients.ts';

let emulator: RunningEmulator;
let ssm: SSMClient;
let prefix: string;
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator();
  ssm = clientsFor(emulator).ssm;
});
afterAll(() => emulator.stop());
beforeEach(() => {
  prefix = `/t${++n}`;
});

const put = (
  Name: string,
  Value: string,
  extra: Partial<ConstructorParameters<typeof PutParameterCommand>[0]> = {},
) => ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', ...extra }));

const rejects = (promise: Promise<unknown>, name: string, message?: string | RegExp) =>
  expect(promise).rejects.toMatchObject({
    name,
    $metadata: { httpStatusCode: 400 },
    ...(message ? { message: typeof message === 'string' ? message : expect.stringMatching(message) } : {}),
  });

describe('PutParameter', () => {
  it('creates version 1 in the Standard tier and answers ParameterAlreadyExists without Overwrite', async () => {
    expect(await put(`${prefix}/a`, 'one')).toMatchObject({ Version: 1, Tier: 'Standard' });
    await rejects(put(`${prefix}/a`, 'two'), 'ParameterAlreadyExists', /set the overwrite option/);
  });

  it('increments the version on Overwrite and keeps the type when Type is omitted', async () => {
    await put(`${prefix}/a`, 'one', { Type: 'StringList' });
    const second = await ssm.send(
      new PutParameterCommand({ Name: `${prefix}/a`, Value: 'x,y', Overwrite: true }),
    );
    expect(second.Version).toBe(2);
    const got = await ssm.send(new GetParameterCommand({ Name: `${prefix}/a` }));
    expect(got.Parameter).toMatchObject({ Type: 'StringList', Value: 'x,y', Version: 2 });
  });

  it('requires a Type when creating', async () => {
    await rejects(
      ssm.send(new PutParameterCommand({ Name: `${prefix}/a`, Value: 'v' })),
      'ValidationException',
      'A parameter type is required when you create a parameter.',
    );
  });

  it.each([
    ['awsThing', /can't be prefixed with "aws" or "ssm"/],
    ['/ssm/x/y', /can't be prefixed with "ssm"/],
    ['/has space/x', /can't be prefixed with "ssm"/],
    ['a/b', /can't be prefixed with "ssm"/],
  ])('rejects the invalid name %s', async (name, message) => {
    await rejects(put(name, 'v'), 'ValidationException', message);
  });

  it('reserves the /aws/ hierarchy', async () => {
    await rejects(put('/aws/mine/x', 'v'), 'AccessDeniedException', /reserved parameter name/);
  });

  it('allows 15 hierarchy levels and refuses 16', async () => {
    const levels = (count: number) => `/${Array.from({ length: count }, (_, i) => `l${i}`).join('/')}`;
    await expect(put(`${prefix}${levels(14)}`, 'v')).resolves.toMatchObject({ Version: 1 });
    await rejects(
      put(`${prefix}${levels(15)}`, 'v'),
      'HierarchyLevelLimitExceededException',
      /maximum of 15 levels/,
    );
  });

  it('limits Standard values to 4096 characters and Advanced values to 8192', async () => {
    await expect(put(`${prefix}/s`, 'x'.repeat(4096))).resolves.toMatchObject({ Tier: 'Standard' });
    await rejects(
      put(`${prefix}/big`, 'x'.repeat(4097)),
      'ValidationException',
      /maximum parameter value of 4096/,
    );
    await expect(put(`${prefix}/adv`, 'x'.repeat(8192), { Tier: 'Advanced' })).resolves.toMatchObject({
      Tier: 'Advanced',
    });
    await rejects(
      put(`${prefix}/huge`, 'x'.repeat(8193), { Tier: 'Advanced' }),
      'ValidationException',
      /8192/,
    );
  });

  it('picks the tier by size under Intelligent-Tiering and never downgrades Advanced', async () => {
    expect((await put(`${prefix}/small`, 'x', { Tier: 'Intelligent-Tiering' })).Tier).toBe('Standard');
    expect((await put(`${prefix}/large`, 'x'.repeat(5000), { Tier: 'Intelligent-Tiering' })).Tier).toBe(
      'Advanced',
    );
    await rejects(
      put(`${prefix}/large`, 'y', { Tier: 'Standard', Overwrite: true, Type: undefined }),
      'ValidationException',
      /can't downgrade/,
    );
  });

  it('checks the value against AllowedPattern', async () => {
    await expect(put(`${prefix}/port`, '8080', { AllowedPattern: '^\\d+$' })).resolves.toBeDefined();
    await rejects(
      put(`${prefix}/port`, 'eighty', { Overwrite: true }),
      'ParameterPatternMismatchException',
      'Parameter value, cannot be validated against allowedPattern: ^\\d+$',
    );
  });

  it('validates DataType', async () => {
    await expect(
      put(`${prefix}/ami`, 'ami-0123456789abcdef0', { DataType: 'aws:ec2:image' }),
    ).resolves.toBeDefined();
    await rejects(
      put(`${prefix}/ami2`, 'not-an-ami', { DataType: 'aws:ec2:image' }),
      'ValidationException',
      /AMI/,
    );
    await rejects(
      put(`${prefix}/odd`, 'v', { DataType: 'Text' }),
      'ValidationException',
      /data type is not supported/,
    );
    await rejects(
      put(`${prefix}/sami`, 'ami-0123456789abcdef0', { DataType: 'aws:ec2:image', Type: 'SecureString' }),
      'ValidationException',
      /only be used with parameters of type String/,
    );
  });

  it('refuses Tags together with Overwrite and an unknown Type', async () => {
    await rejects(
      put(`${prefix}/a`, 'v', { Overwrite: true, Tags: [{ Key: 'k', Value: 'v' }] }),
      'ValidationException',
      /tags and overwrite can't be used together/,
    );
    await rejects(
      put(`${prefix}/a`, 'v', { Type: 'Number' as never }),
      'ValidationException',
      /enum value set/,
    );
  });

  it('keeps at most 100 versions, dropping the oldest, unless the oldest is labelled', async () => {
    const name = `${prefix}/many`;
    await put(name, 'v1');
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['first'] }));
    for (let i = 2; i <= 100; i++) await put(name, `v${i}`, { Overwrite: true });
    await rejects(
      put(name, 'v101', { Overwrite: true }),
      'ParameterMaxVersionLimitExceeded',
      /Version 1, the oldest version/,
    );
    await ssm.send(
      new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['first'] }),
    );
    expect((await put(name, 'v101', { Overwrite: true })).Version).toBe(101);
    await rejects(ssm.send(new GetParameterCommand({ Name: `${name}:1` })), 'ParameterVersionNotFound');
    expect((await ssm.send(new GetParameterCommand({ Name: `${name}:2` }))).Parameter?.Value).toBe('v2');
  });
});

describe('SecureString', () => {
  it('returns ciphertext without WithDecryption and the plaintext with it', async () => {
    await put(`${prefix}/secret`, 'hunter2', { Type: 'SecureString' });
    const hidden = await ssm.send(new GetParameterCommand({ Name: `${prefix}/secret` }));
    expect(hidden.Parameter?.Value).not.toContain('hunter2');
    expect(Buffer.from(hidden.Parameter!.Value!, 'base64').length).toBeGreaterThan(28);
    const shown = await ssm.send(new GetParameterCommand({ Name: `${prefix}/secret`, WithDecryption: true }));
    expect(shown.Parameter?.Value).toBe('hunter2');
  });

  it('records the default alias/aws/ssm key, or the KeyId given', async () => {
    await put(`${prefix}/d`, 'x', { Type: 'SecureString' });
    await put(`${prefix}/k`, 'x', { Type: 'SecureString', KeyId: 'alias/my-key' });
    const described = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Values: [prefix] }] }),
    );
    expect(described.Parameters?.map((p) => [p.Name, p.KeyId])).toEqual([
      [`${prefix}/d`, 'alias/aws/ssm'],
      [`${prefix}/k`, 'alias/my-key'],
    ]);
    await rejects(put(`${prefix}/bad`, 'x', { Type: 'SecureString', KeyId: 'not a key' }), 'InvalidKeyId');
  });
});

describe('GetParameter', () => {
  it('selects versions and labels with name:version and name:label', async () => {
    await put(`${prefix}/sel`, 'one');
    await put(`${prefix}/sel`, 'two', { Overwrite: true });
    await ssm.send(
      new LabelParameterVersionCommand({ Name: `${prefix}/sel`, ParameterVersion: 1, Labels: ['stable'] }),
    );
    const byVersion = await ssm.send(new GetParameterCommand({ Name: `${prefix}/sel:1` }));
    expect(byVersion.Parameter).toMatchObject({
      Value: 'one',
      Version: 1,
      Selector: ':1',
      Name: `${prefix}/sel`,
    });
    const byLabel = await ssm.send(new GetParameterCommand({ Name: `${prefix}/sel:stable` }));
    expect(byLabel.Parameter).toMatchObject({ Value: 'one', Selector: ':stable' });
    await rejects(
      ssm.send(new GetParameterCommand({ Name: `${prefix}/sel:7` })),
      'ParameterVersionNotFound',
      `Systems Manager could not find version 7 of ${prefix}/sel. Verify the version and try again.`,
    );
  });

  it('answers ParameterNotFound for a missing name and accepts the parameter ARN', async () => {
    await rejects(ssm.send(new GetParameterCommand({ Name: `${prefix}/missing` })), 'ParameterNotFound');
    await put(`${prefix}/arn`, 'v');
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: `${prefix}/arn` }));
    expect(Parameter?.ARN).toMatch(new RegExp(`^arn:aws:ssm:us-east-1:\\d{12}:parameter${prefix}/arn$`));
    const byArn = await ssm.send(new GetParameterCommand({ Name: Parameter!.ARN! }));
    expect(byArn.Parameter?.Value).toBe('v');
  });

  it('treats /Name and Name at the root as one parameter', async () => {
    const bare = `root${n}`;
    await put(bare, 'v');
    await rejects(put(`/${bare}`, 'w'), 'ParameterAlreadyExists');
    expect((await ssm.send(new GetParameterCommand({ Name: `/${bare}` }))).Parameter?.Value).toBe('v');
  });
});

describe('GetParameters', () => {
  it('returns found parameters and lists the rest as InvalidParameters', async () => {
    await put(`${prefix}/a`, '1');
    await put(`${prefix}/b`, '2');
    const out = await ssm.send(
      new GetParametersCommand({ Names: [`${prefix}/a`, `${prefix}/b`, `${prefix}/nope`, `${prefix}/a:9`] }),
    );
    expect(out.Parameters?.map((p) => p.Value).sort()).toEqual(['1', '2']);
    expect(out.InvalidParameters?.sort()).toEqual([`${prefix}/a:9`, `${prefix}/nope`]);
  });

  it('accepts at most 10 names', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `${prefix}/p${i}`);
    await rejects(
      ssm.send(new GetParametersCommand({ Names: names })),
      'ValidationException',
      /less than or equal to 10/,
    );
  });
});

describe('GetParametersByPath', () => {
  it('lists one level, or every level with Recursive', async () => {
    await put(`${prefix}/app/a`, '1');
    await put(`${prefix}/app/b`, '2');
    await put(`${prefix}/app/deep/c`, '3');
    const one = await ssm.send(new GetParametersByPathCommand({ Path: `${prefix}/app` }));
    expect(one.Parameters?.map((p) => p.Name)).toEqual([`${prefix}/app/a`, `${prefix}/app/b`]);
    const all = await ssm.send(new GetParametersByPathCommand({ Path: `${prefix}/app/`, Recursive: true }));
    expect(all.Parameters?.map((p) => p.Value)).toEqual(['1', '2', '3']);
  });

  it('pages with MaxResults and NextToken, and refuses MaxResults above 10', async () => {
    for (let i = 0; i < 12; i++) await put(`${prefix}/p/${String(i).padStart(2, '0')}`, `${i}`);
    const first = await ssm.send(new GetParametersByPathCommand({ Path: `${prefix}/p`, MaxResults: 5 }));
    expect(first.Parameters).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const seen = [...first.Parameters!];
    let token = first.NextToken;
    while (token) {
      const next = await ssm.send(
        new GetParametersByPathCommand({ Path: `${prefix}/p`, MaxResults: 5, NextToken: token }),
      );
      seen.push(...next.Parameters!);
      token = next.NextToken;
    }
    expect(seen.map((p) => p.Value)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}`));
    await rejects(
      ssm.send(new GetParametersByPathCommand({ Path: `${prefix}/p`, MaxResults: 11 })),
      'ValidationException',
      /less than or equal to 10/,
    );
    await rejects(
      ssm.send(new GetParametersByPathCommand({ Path: `${prefix}/p`, NextToken: 'garbage' })),
      'InvalidNextToken',
    );
  });

  it('filters by Type and Label, decrypts WithDecryption, and refuses the Name filter key', async () => {
    await put(`${prefix}/f/plain`, 'p');
    await put(`${prefix}/f/secret`, 's', { Type: 'SecureString' });
    await ssm.send(new LabelParameterVersionCommand({ Name: `${prefix}/f/plain`, Labels: ['live'] }));
    const secure = await ssm.send(
      new GetParametersByPathCommand({
        Path: `${prefix}/f`,
        WithDecryption: true,
        ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
      }),
    );
    expect(secure.Parameters?.map((p) => [p.Name, p.Value])).toEqual([[`${prefix}/f/secret`, 's']]);
    const labelled = await ssm.send(
      new GetParametersByPathCommand({
        Path: `${prefix}/f`,
        ParameterFilters: [{ Key: 'Label', Values: ['live'] }],
      }),
    );
    expect(labelled.Parameters?.map((p) => p.Name)).toEqual([`${prefix}/f/plain`]);
    await rejects(
      ssm.send(
        new GetParametersByPathCommand({
          Path: `${prefix}/f`,
          ParameterFilters: [{ Key: 'Name', Values: ['x'] }],
        }),
      ),
      'InvalidFilterKey',
    );
  });

  it('rejects paths that do not start with a slash', async () => {
    await rejects(
      ssm.send(new GetParametersByPathCommand({ Path: 'relative' })),
      'ValidationException',
      /forward slash/,
    );
  });
});

describe('GetParameterHistory', () => {
  it('lists every version with labels and pages through them', async () => {
    const name = `${prefix}/h`;
    await put(name, 'a', { Description: 'first' });
    await put(name, 'b', { Overwrite: true });
    await put(name, 'c', { Overwrite: true });
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ['mid'] }));
    const first = await ssm.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 2 }));
    expect(first.Parameters?.map((p) => [p.Version, p.Value, p.Labels])).toEqual([
      [1, 'a', []],
      [2, 'b', ['mid']],
    ]);
    expect(first.Parameters?.[1]?.Description).toBe('first');
    const rest = await ssm.send(new GetParameterHistoryCommand({ Name: name, NextToken: first.NextToken }));
    expect(rest.Parameters?.map((p) => p.Value)).toEqual(['c']);
    expect(rest.NextToken).toBeUndefined();
    await rejects(ssm.send(new GetParameterHistoryCommand({ Name: `${prefix}/none` })), 'ParameterNotFound');
  });
});

describe('DescribeParameters', () => {
  it('filters by Name BeginsWith, Tier and tag, and pages', async () => {
    await put(`${prefix}/d/one`, '1', { Tags: [{ Key: 'team', Value: 'red' }] });
    await put(`${prefix}/d/two`, '2', { Tier: 'Advanced' });
    await put(`${prefix}/d/three`, '3');
    const byName = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [`${prefix}/d/t`] }],
      }),
    );
    expect(byName.Parameters?.map((p) => p.Name)).toEqual([`${prefix}/d/three`, `${prefix}/d/two`]);
    const advanced = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [
          { Key: 'Path', Values: [`${prefix}/d`] },
          { Key: 'Tier', Values: ['Advanced'] },
        ],
      }),
    );
    expect(advanced.Parameters?.map((p) => p.Name)).toEqual([`${prefix}/d/two`]);
    const tagged = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'tag:team', Values: ['red'] }] }),
    );
    expect(tagged.Parameters?.map((p) => p.Name)).toContain(`${prefix}/d/one`);
    const paged = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Path', Values: [`${prefix}/d`] }],
        MaxResults: 2,
      }),
    );
    expect(paged.Parameters).toHaveLength(2);
    expect(paged.NextToken).toBeDefined();
  });

  it('refuses Filters together with ParameterFilters and unknown filter options', async () => {
    await rejects(
      ssm.send(
        new DescribeParametersCommand({
          Filters: [{ Key: 'Name', Values: ['x'] }],
          ParameterFilters: [{ Key: 'Name', Values: ['x'] }],
        }),
      ),
      'ValidationException',
      'You can use either Filters or ParameterFilters in a single request.',
    );
    await rejects(
      ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['String'] }],
        }),
      ),
      'InvalidFilterOption',
    );
  });
});

describe('DeleteParameter(s)', () => {
  it('deletes one parameter and then answers ParameterNotFound', async () => {
    await put(`${prefix}/gone`, 'v');
    await ssm.send(new DeleteParameterCommand({ Name: `${prefix}/gone` }));
    await rejects(ssm.send(new GetParameterCommand({ Name: `${prefix}/gone` })), 'ParameterNotFound');
    await rejects(ssm.send(new DeleteParameterCommand({ Name: `${prefix}/gone` })), 'ParameterNotFound');
  });

  it('deletes many and reports the names that did not exist', async () => {
    await put(`${prefix}/x`, 'v');
    await put(`${prefix}/y`, 'v');
    const out = await ssm.send(
      new DeleteParametersCommand({ Names: [`${prefix}/x`, `${prefix}/y`, `${prefix}/z`] }),
    );
    expect(out.DeletedParameters).toEqual([`${prefix}/x`, `${prefix}/y`]);
    expect(out.InvalidParameters).toEqual([`${prefix}/z`]);
  });
});

describe('LabelParameterVersion / UnlabelParameterVersion', () => {
  it('moves a label to the newly labelled version and reports invalid labels', async () => {
    const name = `${prefix}/l`;
    await put(name, 'a');
    await put(name, 'b', { Overwrite: true });
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['prod'] }));
    const moved = await ssm.send(
      new LabelParameterVersionCommand({ Name: name, Labels: ['prod', 'aws-x', '1abc'] }),
    );
    expect(moved).toMatchObject({ ParameterVersion: 2, InvalidLabels: ['aws-x', '1abc'] });
    expect((await ssm.send(new GetParameterCommand({ Name: `${name}:prod` }))).Parameter?.Value).toBe('b');
  });

  it('allows 10 labels per version', async () => {
    const name = `${prefix}/l10`;
    await put(name, 'a');
    const labels = Array.from({ length: 10 }, (_, i) => `label${i}`);
    await ssm.send(new LabelParameterVersionCommand({ Name: name, Labels: labels }));
    await rejects(
      ssm.send(new LabelParameterVersionCommand({ Name: name, Labels: ['one-more'] })),
      'ParameterVersionLabelLimitExceeded',
    );
  });

  it('answers ParameterVersionNotFound for a missing version and splits removed from invalid labels', async () => {
    const name = `${prefix}/u`;
    await put(name, 'a');
    await rejects(
      ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 5, Labels: ['x'] })),
      'ParameterVersionNotFound',
    );
    await ssm.send(new LabelParameterVersionCommand({ Name: name, Labels: ['keep', 'drop'] }));
    const out = await ssm.send(
      new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['drop', 'never'] }),
    );
    expect(out).toMatchObject({ RemovedLabels: ['drop'], InvalidLabels: ['never'] });
  });
});

describe('tags', () => {
  it('adds, lists and removes tags on a parameter', async () => {
    const name = `${prefix}/tagged`;
    await put(name, 'v', { Tags: [{ Key: 'owner', Value: 'me' }] });
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'Parameter',
        ResourceId: name,
        Tags: [{ Key: 'env', Value: 'dev' }],
      }),
    );
    const listed = await ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }),
    );
    expect(listed.TagList).toEqual([
      { Key: 'owner', Value: 'me' },
      { Key: 'env', Value: 'dev' },
    ]);
    await ssm.send(
      new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: name, TagKeys: ['owner'] }),
    );
    const after = await ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }),
    );
    expect(after.TagList).toEqual([{ Key: 'env', Value: 'dev' }]);
  });

  it('answers InvalidResourceId for a missing parameter and InvalidResourceType for an unknown type', async () => {
    await rejects(
      ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: `${prefix}/none` })),
      'InvalidResourceId',
    );
    await rejects(
      ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Bucket' as never, ResourceId: 'x' })),
      'InvalidResourceType',
    );
  });
});

describe('accounts', () => {
  it("keeps each account's parameters invisible to every other account", async () => {
    const other = clientsFor(emulator, await emulator.createAccount()).ssm;
    await put(`${prefix}/mine`, 'secret-of-first');
    await rejects(other.send(new GetParameterCommand({ Name: `${prefix}/mine` })), 'ParameterNotFound');
    await other.send(new PutParameterCommand({ Name: `${prefix}/mine`, Value: 'second', Type: 'String' }));
    expect((await ssm.send(new GetParameterCommand({ Name: `${prefix}/mine` }))).Parameter?.Value).toBe(
      'secret-of-first',
    );
    const listed = await other.send(new DescribeParametersCommand({}));
    expect(listed.Parameters?.map((p) => p.Name)).toEqual([`${prefix}/mine`]);
  });
});
