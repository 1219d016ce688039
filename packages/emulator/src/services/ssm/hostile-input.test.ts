import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { signedFetch } from '../../test-support/signed-fetch.ts';

/**
 * Bad input as a script or a hand-made request sends it, not as the SDK would: every operation, every
 * member it reads, every JSON type in the wrong place. The answer must be an AWS error (4xx with a
 * __type), never the emulator's 500.
 */
const OPERATIONS = [
  'PutParameter',
  'GetParameter',
  'GetParameters',
  'GetParametersByPath',
  'GetParameterHistory',
  'DescribeParameters',
  'DeleteParameter',
  'DeleteParameters',
  'LabelParameterVersion',
  'UnlabelParameterVersion',
  'AddTagsToResource',
  'RemoveTagsFromResource',
  'ListTagsForResource',
];
const MEMBERS = [
  'Name',
  'Names',
  'Value',
  'Type',
  'Path',
  'Recursive',
  'MaxResults',
  'NextToken',
  'Labels',
  'ParameterVersion',
  'ResourceType',
  'ResourceId',
  'Tags',
  'TagKeys',
  'ParameterFilters',
  'Filters',
  'WithDecryption',
  'Overwrite',
  'AllowedPattern',
  'Tier',
  'DataType',
  'KeyId',
  'Description',
];
const HOSTILE: unknown[] = [
  null,
  7,
  -1,
  1e308,
  true,
  '',
  [],
  [null],
  [7],
  {},
  { a: 1 },
  [{}],
  [{ Key: 7 }],
  'a'.repeat(5000),
  '/a/../b',
  '\u0000',
  [{ Key: 'Name', Values: [7] }],
  [{ Key: 'Name', Option: 7, Values: ['x'] }],
];
/** A request that would otherwise succeed, so that only the one hostile member is wrong. */
const VALID: Record<string, unknown> = {
  Name: '/hostile/p',
  Value: 'v',
  Type: 'String',
  Names: ['/hostile/p'],
  Path: '/hostile',
  ResourceType: 'Parameter',
  ResourceId: '/hostile/p',
  Tags: [{ Key: 'k', Value: 'v' }],
  TagKeys: ['k'],
  Labels: ['l'],
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ log: () => {} });
});
afterAll(() => emulator.stop());

it('answers every operation with every member of the wrong type or shape with an AWS error, never a 500', async () => {
  const answers: string[] = [];
  for (const operation of OPERATIONS) {
    for (const member of MEMBERS) {
      for (const value of HOSTILE) {
        const res = await signedFetch({
          endpoint: emulator.endpoint,
          service: 'ssm',
          credentials: emulator.credentials,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${operation}` },
          body: JSON.stringify({ ...VALID, [member]: value }),
        });
        const body = (await res.json()) as { __type?: string };
        if (res.status >= 500 || (res.status >= 400 && !body.__type)) {
          answers.push(
            `${operation} ${member}=${JSON.stringify(value)?.slice(0, 40)}: ${res.status} ${body.__type}`,
          );
        }
      }
    }
  }
  expect(answers).toEqual([]);
}, 60_000);
