import { GetParametersCommand, LabelParameterVersionCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { readMany } from '@lab/read-many.ts';
import { beforeAll, expect } from 'vitest';
import { denyingSsm } from './support/rigged-ssm.ts';
import { rejection, seed, testSsm, useStage } from './support/ssm.ts';

const exercise = 9;
const stage = useStage('many');
const SECRET = 'many-secret-value';
const flag = (i: number) => `${stage.prefix}/flags/f${String(i).padStart(2, '0')}`;
const url = () => `${stage.prefix}/api/url`;

beforeAll(async () => {
  await seed(stage.ssm, [
    ...Array.from({ length: 20 }, (_, i) => ({ Name: flag(i), Value: `value-${i}` })),
    { Name: `${stage.prefix}/db/password`, Value: SECRET, Type: 'SecureString' },
  ]);
  for (const value of ['https://v1.example.test', 'https://v2.example.test']) {
    await stage.ssm.send(
      new PutParameterCommand({ Name: url(), Value: value, Type: 'String', Overwrite: true }),
    );
  }
  await stage.ssm.send(
    new LabelParameterVersionCommand({ Name: url(), ParameterVersion: 1, Labels: ['prod'] }),
  );
});

/** A client that records the names of each GetParameters call it sends. */
function recordingClient() {
  const client = testSsm();
  const calls: string[][] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'GetParametersCommand')
        calls.push([...((args.input as { Names?: string[] }).Names ?? [])]);
      return next(args);
    },
    { step: 'initialize', name: 'cloudlabRecordNames' },
  );
  return { client, calls };
}

check(
  'readMany reads 20 names, two of them asked twice, in 2 GetParameters calls of at most 10 names',
  {
    points: 4,
    exercise,
    concept: 'batching',
    hint: [
      'GetParameters takes at most 10 names a call (11 is a ValidationException): cut the names into slices of 10 and send one GetParametersCommand({ Names }) per slice.',
      'Ask each name once: new Set(names) before you cut the slices — a name asked twice costs a place in a batch.',
    ],
  },
  async () => {
    const { client, calls } = recordingClient();
    const names = [...Array.from({ length: 20 }, (_, i) => flag(i)), flag(3), flag(17)];
    const { values } = await readMany(client, names);
    expect(values, 'every name asked, each with its value').toEqual(
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [flag(i), `value-${i}`])),
    );
    expect(
      calls.map((batch) => batch.length),
      'the number of names in each GetParameters call (20 different names: two calls of 10)',
    ).toEqual([10, 10]);
  },
);

check(
  'readMany reports names Parameter Store does not have in missing, not as an error and not as values',
  {
    points: 3,
    exercise,
    concept: 'InvalidParameters',
    hint: [
      'A name that does not exist does not fail GetParameters: the answer lists it in InvalidParameters. Collect those into missing.',
      'values holds only what exists: a missing name is not a value of "".',
    ],
  },
  async () => {
    const absent = [`${stage.prefix}/flags/nope`, `${stage.prefix}/nothing/here`];
    const result = await readMany(stage.ssm, [flag(0), absent[0]!, flag(1), absent[1]!]);
    expect(Object.keys(result.values).sort(), 'the names that exist').toEqual([flag(0), flag(1)]);
    expect([...result.missing].sort(), 'the names listed in InvalidParameters').toEqual(absent.sort());
  },
);

check(
  'readMany keys a label or version selector exactly as it was asked',
  {
    points: 3,
    exercise,
    concept: 'selectors',
    hint: [
      'GetParameters accepts name:label and name:version. The answer gives the plain Name and the Selector (":prod", ":2") apart.',
      'Key each value by Name + Selector, so the caller finds it under the string it asked for.',
    ],
  },
  async () => {
    const { values, missing } = await readMany(stage.ssm, [`${url()}:prod`, `${url()}:2`, url()]);
    expect(values).toEqual({
      [`${url()}:prod`]: 'https://v1.example.test',
      [`${url()}:2`]: 'https://v2.example.test',
      [url()]: 'https://v2.example.test',
    });
    expect(missing).toEqual([]);
  },
);

check(
  'readMany decrypts SecureStrings only when asked',
  {
    points: 3,
    exercise,
    concept: 'SecureString',
    hint: 'Pass WithDecryption: options.withDecryption ?? false in every GetParametersCommand: decryption is opt-in.',
  },
  async () => {
    const name = `${stage.prefix}/db/password`;
    const raw = await readMany(stage.ssm, [name]);
    expect(raw.values[name], 'read without withDecryption: the ciphertext, never the secret').not.toBe(
      SECRET,
    );
    expect(raw.values[name], 'read without withDecryption: the ciphertext is still a value').toBeTruthy();
    const plain = await readMany(stage.ssm, [name], { withDecryption: true });
    expect(plain.values[name], 'with withDecryption: true, the secret').toBe(SECRET);
  },
);

check(
  'readMany reports a refused GetParameters call as a ParameterStoreError naming the names it carried',
  {
    points: 2,
    exercise,
    concept: 'errors',
    hint: 'Catch the SDK error of a batch and throw parameterStoreError(error, batch.join(", ")).',
  },
  async () => {
    const rigged = await denyingSsm('GetParameters');
    // The check's own client proves the refusal is the caller's, not a broken endpoint's.
    await expect(rigged.ssm.send(new GetParametersCommand({ Names: [flag(0)] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const error = await rejection(
      readMany(rigged.ssm, [flag(0), flag(1)]),
      'the caller may not call GetParameters',
    );
    expect(error.name, 'the lab wraps every Parameter Store failure').toBe('ParameterStoreError');
    expect(error).toMatchObject({ code: 'AccessDeniedException', parameter: `${flag(0)}, ${flag(1)}` });
  },
);
