import { GetParameterCommand, GetParameterHistoryCommand } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { configPath, putHierarchy } from '@lab/hierarchy.ts';
import { expect } from 'vitest';
import { refusingPut } from './support/rigged-ssm.ts';
import { listNames, rejection, useStage } from './support/ssm.ts';

const exercise = 1;
const stage = useStage('layout');

check(
  'configPath puts each stage under /cloudlab/<learner>/03/app/<stage>',
  {
    points: 1,
    exercise,
    hint: 'Build the path from its levels: cloudlab, the learner, the lab id 03, app, then the stage.',
  },
  () => {
    expect(
      configPath('ana', 'dev'),
      'a hierarchical name starts with "/", and the 03 level keeps this lab’s parameters apart',
    ).toBe('/cloudlab/ana/03/app/dev');
    expect(configPath('bo', 'prod')).toBe('/cloudlab/bo/03/app/prod');
  },
);

check(
  'putHierarchy writes String, StringList and SecureString parameters under the prefix and returns their versions',
  {
    points: 6,
    exercise,
    concept: 'parameter hierarchy',
    hint: [
      'For each spec, send a PutParameterCommand with Name prefix + "/" + spec.name, Type spec.type and Value.',
      'A StringList given as an array is stored comma-separated: value.join(",").',
      'Pass Overwrite: true so a second run writes version 2 instead of failing with ParameterAlreadyExists; return out.Version per name.',
      'A spec with a description sends it as Description.',
    ],
  },
  async () => {
    const versions = await putHierarchy(stage.ssm, stage.prefix, [
      { name: 'db/host', type: 'String', value: 'db.internal', description: 'Primary database host' },
      { name: 'features', type: 'StringList', value: ['search', 'export'] },
      { name: 'regions', type: 'StringList', value: 'eu-west-1,us-east-1' },
      { name: 'db/password', type: 'SecureString', value: 's3cret-pass' },
    ]);
    expect(versions, 'the Version PutParameter answered, keyed by relative name').toEqual({
      'db/host': 1,
      features: 1,
      regions: 1,
      'db/password': 1,
    });
    expect(
      await listNames(stage.ssm, stage.prefix),
      'each parameter is written at prefix + "/" + name',
    ).toEqual(['db/host', 'db/password', 'features', 'regions'].map((n) => `${stage.prefix}/${n}`));
    const list = await stage.ssm.send(new GetParameterCommand({ Name: `${stage.prefix}/features` }));
    expect(
      list.Parameter,
      'a StringList is one value, its items joined with "," and no spaces (Parameter Store does not split or trim it for you)',
    ).toMatchObject({ Type: 'StringList', Value: 'search,export' });
    const given = await stage.ssm.send(new GetParameterCommand({ Name: `${stage.prefix}/regions` }));
    expect(
      given.Parameter,
      'a StringList may also be given as a string, already comma-separated: it is stored as it is',
    ).toMatchObject({ Type: 'StringList', Value: 'eu-west-1,us-east-1' });
    const secret = await stage.ssm.send(
      new GetParameterCommand({ Name: `${stage.prefix}/db/password`, WithDecryption: true }),
    );
    expect(
      secret.Parameter,
      'the spec’s type is the parameter’s Type: a password is a SecureString, encrypted with KMS',
    ).toMatchObject({ Type: 'SecureString', Value: 's3cret-pass' });

    const host = await stage.ssm.send(new GetParameterHistoryCommand({ Name: `${stage.prefix}/db/host` }));
    expect(
      host.Parameters?.[0]?.Description,
      'a spec’s description is sent as PutParameter’s Description (it tells the next reader what the parameter is for)',
    ).toBe('Primary database host');

    const again = await putHierarchy(stage.ssm, stage.prefix, [
      { name: 'db/host', type: 'String', value: 'db2.internal' },
    ]);
    expect(again, 'Overwrite: true makes a second write version 2').toEqual({ 'db/host': 2 });
  },
);

check(
  'putHierarchy turns a bad name, too many levels or a value over 4 KB into a ParameterStoreError naming the parameter',
  {
    points: 5,
    exercise,
    concept: 'errors',
    hint: [
      'Wrap the PutParameterCommand in try/catch and throw parameterStoreError(error, fullName) (from parameter-store-error.ts).',
      'The AWS code is error.name: ValidationException for bad characters and oversize values, HierarchyLevelLimitExceededException for more than 15 levels.',
      'Leave Tier out (Standard): a value over 4 KB must fail, not be stored as a billed Advanced parameter.',
    ],
  },
  async () => {
    const badName = `${stage.prefix}/db host!`;
    const bad = await rejection(
      putHierarchy(
        await refusingPut(badName, 'x', {
          code: 'ValidationException',
          message: 'Parameter name: only letters, digits and the symbols . - _ / are allowed',
        }),
        stage.prefix,
        [{ name: 'db host!', type: 'String', value: 'x' }],
      ),
    );
    expect(bad, 'the ParameterStoreError names the full parameter, prefix + "/" + name').toMatchObject({
      name: 'ParameterStoreError',
      code: 'ValidationException',
      parameter: badName,
    });
    const deep = 'a/b/c/d/e/f/g/h/i/j/k/l/m';
    const tooDeep = await rejection(
      putHierarchy(
        await refusingPut(`${stage.prefix}/${deep}`, 'x', {
          code: 'HierarchyLevelLimitExceededException',
          message: 'A hierarchy has at most 15 levels.',
        }),
        stage.prefix,
        [{ name: deep, type: 'String', value: 'x' }],
      ),
    );
    expect(tooDeep).toMatchObject({
      code: 'HierarchyLevelLimitExceededException',
      parameter: `${stage.prefix}/${deep}`,
    });
    const huge = 'x'.repeat(4097);
    const big = await rejection(
      putHierarchy(
        await refusingPut(`${stage.prefix}/blob`, huge, {
          code: 'ValidationException',
          message:
            'A Standard parameter value holds at most 4096 characters; use the Advanced tier for more.',
        }),
        stage.prefix,
        [{ name: 'blob', type: 'String', value: huge }],
      ),
      'a standard parameter holds at most 4 KB; this lab stays on the free standard tier (Tier: Advanced or Intelligent-Tiering would store it, billed per parameter per month)',
    );
    expect(big).toMatchObject({ code: 'ValidationException', parameter: `${stage.prefix}/blob` });
    expect(String(big.message)).toContain(`${stage.prefix}/blob`);
  },
);
