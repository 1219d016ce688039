import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { readTree } from '@lab/read-tree.ts';
import { afterAll, beforeAll, expect } from 'vitest';
import { countCalls, seed, testSsm, useStage } from './support/ssm.ts';

const exercise = 3;
const stage = useStage('tree');
/** A parameter whose name starts like the stage's but lies outside it: readTree must not return it. */
const sibling = `${stage.prefix}-sibling/not-mine`;
/** 23 parameters at three depths: more than two pages of GetParametersByPath (10 at most per call). */
const expected: Record<string, string> = {
  'db/host': 'db.internal',
  'db/port': '5432',
  'db/password': 'p@ss-w0rd',
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`limits/tier-${i % 2}/l${i}`, String(i * 10)])),
};

beforeAll(async () => {
  await seed(
    stage.ssm,
    Object.entries(expected).map(([name, Value]) => ({
      Name: `${stage.prefix}/${name}`,
      Value,
      ...(name === 'db/password' ? { Type: 'SecureString' as const } : {}),
    })),
  );
  await seed(stage.ssm, [{ Name: sibling, Value: 'x' }]);
}, 60_000);

// Outside the stage, so the stage's own cleanup does not see it (every run used to leave one behind).
afterAll(() => stage.ssm.send(new DeleteParameterCommand({ Name: sibling })));

check(
  'readTree returns all 23 parameters of the subtree, at every depth, across pages',
  {
    points: 7,
    exercise,
    concept: 'pagination',
    hint: [
      'GetParametersByPath returns at most 10 parameters per call. Use paginateGetParametersByPath({ client }, { Path, Recursive: true }).',
      'Recursive: true goes below the first level (db/host is two levels down).',
      'Key each value by its name relative to the path: name.slice(path.length + 1).',
    ],
  },
  async () => {
    const client = testSsm();
    const calls = countCalls(client);
    const tree = await readTree(client, stage.prefix, { withDecryption: true });
    expect(
      tree,
      'every parameter at every depth (Recursive: true), from every page, keyed by its name relative to the path',
    ).toEqual(expected);
    expect(
      calls.get('GetParametersByPathCommand'),
      '23 parameters at 10 a page need 3 calls',
    ).toBeGreaterThanOrEqual(3);
  },
);

check(
  'readTree leaves SecureStrings encrypted unless asked, and honours pageSize',
  {
    points: 3,
    exercise,
    hint: [
      'Pass WithDecryption: options.withDecryption in the input.',
      'pageSize is GetParametersByPath’s MaxResults: pass it as the paginator’s pageSize (first argument) — without it every page holds 10.',
    ],
  },
  async () => {
    const client = testSsm();
    const calls = countCalls(client);
    const tree = await readTree(client, stage.prefix, { pageSize: 5 });
    expect(
      Object.keys(tree),
      'names read under the prefix across pages of 5 (23 parameters at three depths: Recursive: true, every NextToken followed)',
    ).toHaveLength(23);
    expect(
      tree['db/password'],
      'decryption is opt-in: without withDecryption a SecureString stays ciphertext',
    ).not.toBe(expected['db/password']);
    expect(
      calls.get('GetParametersByPathCommand'),
      'pageSize 5 means pages of 5: 23 parameters take 5 calls',
    ).toBeGreaterThanOrEqual(Math.ceil(23 / 5));
  },
);
