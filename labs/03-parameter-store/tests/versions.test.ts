import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { parameterHistory, promoteVersion, readByLabel } from '@lab/versions.ts';
import { beforeAll, expect } from 'vitest';
import { rejection, useStage } from './support/ssm.ts';

const exercise = 5;
const stage = useStage('versions');
const name = () => `${stage.prefix}/api/url`;

beforeAll(async () => {
  for (const value of ['https://v1.example.test', 'https://v2.example.test', 'https://v3.example.test']) {
    await stage.ssm.send(
      new PutParameterCommand({ Name: name(), Value: value, Type: 'String', Overwrite: true }),
    );
  }
});

check(
  'promoteVersion puts the prod label on version 2 and readByLabel reads it with name:prod',
  {
    points: 4,
    exercise,
    concept: 'versions and labels',
    hint: [
      'LabelParameterVersionCommand({ Name, ParameterVersion, Labels: [label] }) attaches a label to one version.',
      'GetParameter accepts a selector after the name: name + ":" + label (or name + ":3" for a version).',
    ],
  },
  async () => {
    await promoteVersion(stage.ssm, name(), 2);
    expect(await readByLabel(stage.ssm, name(), 'prod')).toEqual({
      value: 'https://v2.example.test',
      version: 2,
    });
  },
);

check(
  'promoting version 3 moves the label, and parameterHistory shows every version oldest first with its labels',
  {
    points: 4,
    exercise,
    hint: [
      'A label lives on one version at a time: labelling version 3 takes it off version 2.',
      'Use paginateGetParameterHistory({ client }, { Name }) and map Version, Value and Labels; sort by version.',
    ],
  },
  async () => {
    await promoteVersion(stage.ssm, name(), 3, 'prod');
    await promoteVersion(stage.ssm, name(), 1, 'rollback');
    const history = await parameterHistory(stage.ssm, name());
    expect(history).toEqual([
      { version: 1, value: 'https://v1.example.test', labels: ['rollback'] },
      { version: 2, value: 'https://v2.example.test', labels: [] },
      { version: 3, value: 'https://v3.example.test', labels: ['prod'] },
    ]);
    expect((await readByLabel(stage.ssm, name(), 'prod')).version).toBe(3);
  },
);

check(
  'readByLabel and promoteVersion report a missing label or version as ParameterStoreError',
  {
    points: 2,
    exercise,
    concept: 'errors',
    hint: 'Catch the SDK errors and throw parameterStoreError(error, name), as in exercise 2.',
  },
  async () => {
    // AWS answers ParameterVersionNotFound for a label no version carries; some emulators ParameterNotFound.
    const noLabel = await rejection(readByLabel(stage.ssm, name(), 'staging'));
    expect(noLabel).toMatchObject({ name: 'ParameterStoreError', parameter: name() });
    expect(String(noLabel.code)).toMatch(/^Parameter(Version)?NotFound$/);
    expect(await rejection(promoteVersion(stage.ssm, name(), 9))).toMatchObject({
      name: 'ParameterStoreError',
      code: 'ParameterVersionNotFound',
    });
  },
);
