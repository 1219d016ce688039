import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
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
    // A sibling whose name starts like the path but lies outside it: a name prefix is not a path.
    const sibling = `${stage.prefix}/doomed-not/kept`;
    await seed(stage.ssm, [
      ...names.map((Name) => ({ Name, Value: 'x' })),
      { Name: `${stage.prefix}/kept`, Value: 'y' },
      { Name: sibling, Value: 'z' },
    ]);
    const client = testSsm();
    const calls = countCalls(client);
    expect(
      await deleteTree(client, `${stage.prefix}/doomed`),
      'the 23 parameters under the path, at three depths (Recursive: true) — and no more: a name that merely starts like the path is outside it',
    ).toBe(23);
    expect(
      calls.get('DeleteParametersCommand'),
      'DeleteParameters takes at most 10 names a call: 23 names are 3 calls',
    ).toBe(3);
    expect(calls.get('DeleteParameterCommand') ?? 0, 'one DeleteParameters call per 10 names').toBe(0);
    expect(
      await listNames(stage.ssm, stage.prefix),
      'nothing outside the path is deleted — not even a name that merely starts like it (…/doomed-not/kept)',
    ).toEqual([sibling, `${stage.prefix}/kept`]);
    expect(await deleteTree(client, `${stage.prefix}/doomed`), 'a second run finds nothing').toBe(0);
  },
);

check(
  'deleteTree counts what DeleteParameters deleted, not the names it sent (InvalidParameters)',
  {
    points: 3,
    exercise,
    concept: 'cleanup',
    timeoutMs: 30_000,
    hint: [
      'DeleteParameters does not fail for a name that is already gone: it lists it in out.InvalidParameters and deletes the rest.',
      'Add up out.DeletedParameters.length, not the size of the batch you sent.',
    ],
  },
  async () => {
    const names = Array.from({ length: 12 }, (_, i) => `${stage.prefix}/raced/p${i}`);
    await seed(
      stage.ssm,
      names.map((Name) => ({ Name, Value: 'x' })),
    );
    // Another cleanup job deletes one name between this deleteTree's listing and its first batch.
    const client = testSsm();
    let raced = '';
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Names?: string[] };
        if (context.commandName === 'DeleteParametersCommand' && !raced && input.Names?.[0]) {
          raced = input.Names[0];
          await stage.ssm.send(new DeleteParameterCommand({ Name: raced }));
        }
        return next(args);
      },
      { step: 'initialize', name: 'cloudlabRaceDelete' },
    );
    expect(
      await deleteTree(client, `${stage.prefix}/raced`),
      `12 listed, but ${raced || 'one'} was deleted by someone else first: DeleteParameters answered it in InvalidParameters, so this run deleted 11`,
    ).toBe(11);
    expect(await listNames(stage.ssm, `${stage.prefix}/raced`)).toEqual([]);
  },
);
