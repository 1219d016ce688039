/**
 * Whose fault a failure is may not be chosen by the student's code: an error it made itself is a wrong answer
 * whatever its name, while the same name on an error the endpoint or the tests made keeps its class.
 */
import { readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { awsGrading } from '@cloudlab/aws-session/grading';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverLabs, gradeLab, type LabResult } from '../src/node.ts';
import { scratchCourse } from './fixture-labs.ts';

let course: Awaited<ReturnType<typeof scratchCourse>>;
let result: LabResult;
const checkOf = (title: string) => result.checks.find((check) => check.title.startsWith(title))!;

beforeAll(async () => {
  course = await scratchCourse('04-offline');
  const [lab] = await discoverLabs(course.root);
  const code = join(lab!.dir, 'chooses-its-class');
  await cp(join(lab!.dir, 'starter'), code, { recursive: true });
  // A wrong answer that throws what an unreachable endpoint and a throttled SDK would throw.
  await writeFile(
    join(code, 'ping.ts'),
    readFileSync(join(lab!.dir, 'starter', 'ping.ts'), 'utf8').replace(
      /return `\$\{learner\}-04`;/,
      "throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { name: 'ThrottlingException', code: 'ECONNREFUSED', $fault: 'server' });",
    ),
  );
  result = await gradeLab(lab!, {
    variant: 'dir',
    dir: code,
    failureClassifiers: awsGrading.failureClassifiers,
  });
}, 120_000);
afterAll(() => course.remove());

describe('failure classes the student’s code cannot choose', () => {
  it('makes an error the student’s code threw a wrong answer, whatever its name, code or fault', () => {
    expect(checkOf('bucketName')).toMatchObject({ status: 'failed', classification: 'wrong-answer' });
  });

  it('keeps the environment class of an error the endpoint or the tests’ client made', () => {
    expect(checkOf('ping reaches').classification).toBe('environment');
    expect(checkOf('listBuckets').classification).toBe('environment');
  });
});
