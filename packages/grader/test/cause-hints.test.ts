/** A check chooses its hint by the failure's cause: the error's mark survives the worker and the inventory. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoverLabs, gradeLab, type LabResult } from '../src/node.ts';
import { scratchCourse } from './fixture-labs.ts';

let course: Awaited<ReturnType<typeof scratchCourse>>;
let result: LabResult;

beforeAll(async () => {
  course = await scratchCourse('01-basics');
  const [lab] = await discoverLabs(course.root);
  const hints = `[
    'Read the ARN the policy grants.',
    { when: /parameter\\/\\//, hint: 'Drop the leading slash.' },
    { when: (error) => String(error?.message).includes('\${'), hint: 'Write it with !Sub.' },
  ]`;
  const failing = (title: string, message: string) =>
    `check(${JSON.stringify(title)}, { points: 1, exercise: 1, hint: ${hints} }, () => { throw new Error(${JSON.stringify(message)}); });`;
  await writeFile(
    join(lab!.dir, 'tests', 'causes.test.ts'),
    [
      "import { check } from '@cloudlab/grader';",
      failing('slash', 'grants arn:aws:ssm:r:1:parameter//cloudlab/ada/05/*'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the unsubstituted text a learner deploys
      failing('sub', 'grants arn:aws:ssm:r:1:parameter/cloudlab/${Learner}/05/*'),
      failing('neither', 'grants nothing'),
      '',
    ].join('\n'),
  );
  result = await gradeLab(lab!, { variant: 'solution' });
}, 120_000);
afterAll(() => course.remove());

it('shows the hint of the cause the failure matched first, then the progressive hints', () => {
  const hintsOf = (title: string) => result.checks.find((check) => check.title === title)?.hints;
  expect(hintsOf('slash')).toEqual(['Drop the leading slash.', 'Read the ARN the policy grants.']);
  expect(hintsOf('sub')).toEqual(['Write it with !Sub.', 'Read the ARN the policy grants.']);
  expect(hintsOf('neither')).toEqual(['Read the ARN the policy grants.']);
});
