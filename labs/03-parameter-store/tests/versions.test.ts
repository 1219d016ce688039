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

check(
  'promoteVersion reports a label Parameter Store refuses (InvalidLabels) as ParameterStoreError',
  {
    points: 3,
    exercise,
    concept: 'versions and labels',
    hint: [
      'LabelParameterVersion does not fail for a label it refuses: it answers 200 and lists the label in out.InvalidLabels, and leaves it off.',
      'A label may not start with a digit ("3.1" would read like the version selector name:3), "aws" or "ssm". When out.InvalidLabels is not empty, throw a ParameterStoreError naming the label.',
      'An empty InvalidLabels ([]) means every label was attached: test its length, not whether it is there.',
    ],
  },
  async () => {
    const error = await rejection(
      promoteVersion(stage.ssm, name(), 2, '3.1'),
      'LabelParameterVersion refused the label "3.1" in InvalidLabels (a label cannot start with a digit), so nothing was promoted',
    );
    expect(error, 'the caller must learn that no version carries the label').toMatchObject({
      name: 'ParameterStoreError',
      parameter: name(),
    });
    expect(String(error.message), 'the message names the refused label').toContain('3.1');
    const history = await parameterHistory(stage.ssm, name());
    expect(history.flatMap((v) => v.labels)).not.toContain('3.1');
  },
);

check(
  'parameterHistory follows NextToken across pages (GetParameterHistory returns at most 50 versions a call)',
  {
    points: 3,
    exercise,
    concept: 'pagination',
    timeoutMs: 60_000,
    hint: [
      'One GetParameterHistory call returns at most 50 versions: use paginateGetParameterHistory({ client }, { Name }) and read every page.',
    ],
  },
  async () => {
    const long = `${stage.prefix}/api/retries`;
    for (let i = 1; i <= 53; i++) {
      await stage.ssm.send(
        new PutParameterCommand({ Name: long, Value: String(i), Type: 'String', Overwrite: true }),
      );
    }
    const history = await parameterHistory(stage.ssm, long);
    expect(
      history.map((v) => v.version),
      'all 53 versions, oldest first: the last 3 are on the second page',
    ).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
    expect(history.at(-1)?.value).toBe('53');
  },
);
