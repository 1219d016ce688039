import { check } from '@cloudlab/grader';
import { readParameter } from '@lab/read-parameter.ts';
import { beforeAll, expect } from 'vitest';
import { noDecryptSsm } from './support/rigged-ssm.ts';
import { rejection, seed, useStage } from './support/ssm.ts';

const exercise = 2;
const stage = useStage('read');
const SECRET = 'hunter2-but-longer';

beforeAll(async () => {
  await seed(stage.ssm, [
    { Name: `${stage.prefix}/db/host`, Value: 'db.internal' },
    { Name: `${stage.prefix}/db/password`, Value: SECRET, Type: 'SecureString' },
  ]);
});

check(
  'readParameter returns a String with its type and version',
  {
    points: 3,
    exercise,
    hint: 'Send GetParameterCommand({ Name }) and map out.Parameter to { name, type, value, version }.',
  },
  async () => {
    expect(await readParameter(stage.ssm, `${stage.prefix}/db/host`)).toEqual({
      name: `${stage.prefix}/db/host`,
      type: 'String',
      value: 'db.internal',
      version: 1,
    });
  },
);

check(
  'readParameter decrypts a SecureString only when asked',
  {
    points: 4,
    exercise,
    concept: 'SecureString',
    hint: [
      'Pass WithDecryption: options.withDecryption in the GetParameterCommand input.',
      'Without decryption Parameter Store returns the ciphertext — never the secret.',
    ],
  },
  async () => {
    const raw = await readParameter(stage.ssm, `${stage.prefix}/db/password`);
    expect(raw.type, 'the type Parameter Store answered').toBe('SecureString');
    // Not the secret itself (moto's "ciphertext" spells the secret out after a key prefix, so no stricter test).
    expect(
      raw.value,
      'decryption is opt-in: read without withDecryption, a SecureString comes back as ciphertext',
    ).not.toBe(SECRET);
    const plain = await readParameter(stage.ssm, `${stage.prefix}/db/password`, { withDecryption: true });
    expect(plain.value, 'with withDecryption: true, the secret').toBe(SECRET);
  },
);

check(
  'readParameter reports a missing parameter as ParameterStoreError ParameterNotFound',
  {
    points: 2,
    exercise,
    concept: 'errors',
    hint: 'Catch the SDK error and throw parameterStoreError(error, name): error.name is the AWS code.',
  },
  async () => {
    const error = await rejection(readParameter(stage.ssm, `${stage.prefix}/nope`));
    expect(error).toMatchObject({ code: 'ParameterNotFound', parameter: `${stage.prefix}/nope` });
  },
);

check(
  'readParameter reports a decryption the caller may not do as ParameterStoreError AccessDeniedException',
  {
    points: 3,
    exercise,
    concept: 'errors',
    hint: [
      'Reading a SecureString with decryption needs kms:Decrypt on its key; without it Parameter Store answers AccessDeniedException.',
      'The same catch block as for ParameterNotFound handles it: parameterStoreError(error, name).',
    ],
  },
  async () => {
    const rigged = await noDecryptSsm();
    const name = `${stage.prefix}/db/password`;
    await seed(rigged.setup, [{ Name: name, Value: SECRET, Type: 'SecureString' }]);
    const error = await rejection(readParameter(rigged.ssm, name, { withDecryption: true }));
    expect(error).toMatchObject({
      name: 'ParameterStoreError',
      code: 'AccessDeniedException',
      parameter: name,
    });
    expect(String(error.message)).not.toContain(SECRET);
  },
);
