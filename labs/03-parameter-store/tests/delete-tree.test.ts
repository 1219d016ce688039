import { check } from '@cloudlab/grader';
import { deleteTree } from '@lab/delete-tree.ts';
import { expect } from 'vitest';
import { countCalls, listNames, seed, testSsm, useStage } from './support/ssm.ts';

const exercise = 8;
const stage = useStage('cleanup');

check(
  'deleteTree deletes all 23 parameters of the subtree in batches of 10, and nothing outside it',
  {
    points: 6,
    exercise,
    concept: 'cleanup',
    timeoutMs: 30_000,
    hint: [
      'Collect every name under the path with paginateGetParametersByPath (Recursive: true), as in exercise 3.',
      'DeleteParametersCommand takes at most 10 names: send them in slices of 10 and add up DeletedParameters.length.',
    ],
  },
  async () => {
    const names = Array.from({ length: 23 }, (_, i) => `${stage.prefix}/doomed/${i % 3}/p${i}`);
    await seed(stage.ssm, [
      ...names.map((Name) => ({ Name, Value: 'x' })),
      { Name: `${stage.prefix}/kept`, Value: 'y' },
    ]);
    const client = testSsm();
    const calls = countCalls(client);
    expect(await deleteTree(client, `${stage.prefix}/doomed`)).toBe(23);
    expect(calls.get('DeleteParametersCommand')).toBe(3);
    expect(calls.get('DeleteParameterCommand') ?? 0).toBe(0);
    expect(await listNames(stage.ssm, stage.prefix)).toEqual([`${stage.prefix}/kept`]);
    expect(await deleteTree(client, `${stage.prefix}/doomed`)).toBe(0);
  },
);
