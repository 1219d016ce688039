import { check } from '@cloudlab/grader';
import { FIXTURES } from '@lab/formats.ts';
import { nextStep, runQuery } from '@lab/query-errors.ts';
import { expect } from 'vitest';
import { rejection, useLabBucket } from './support/s3.ts';

const exercise = 6;
const bucket = useLabBucket('errors', { fixtures: true });
const csv = (sql: string) => ({ bucket: bucket.name, key: FIXTURES.csv.key, sql, input: FIXTURES.csv.input });

check(
  'runQuery turns SQL that does not parse into a SelectQueryError with the Parse… code and the SQL',
  {
    points: 4,
    exercise,
    concept: 'errors',
    hint: [
      'Call selectRecords inside try/catch; an S3 error has $metadata (and $fault).',
      'Throw new SelectQueryError(error.name, query.sql, message) — error.name is the AWS code, e.g. ParseUnexpectedToken.',
    ],
  },
  async () => {
    const sql = 'SELECT s.city FROM S3Object s WHERE';
    const error = await rejection(runQuery(bucket.s3, csv(sql)));
    expect(error.name).toBe('SelectQueryError');
    expect(String(error.code)).toMatch(/^Parse/);
    expect(error.sql).toBe(sql);
    expect(error.message).toContain(String(error.code));
    expect(error.message).toContain(nextStep(String(error.code)));
  },
);

check(
  'runQuery reports a CAST that fails on the data as a SelectQueryError, even after output began',
  {
    points: 4,
    exercise,
    hint: [
      'Errors found while scanning arrive as an error event: the SDK throws them from the for await loop, inside selectRecords.',
      'Your try/catch around selectRecords catches those too.',
    ],
  },
  async () => {
    const sql = 'SELECT CAST(s.city AS INT) FROM S3Object s';
    const error = await rejection(runQuery(bucket.s3, csv(sql)));
    expect(error.name).toBe('SelectQueryError');
    expect(String(error.code)).toMatch(/Cast/);
  },
);

check(
  'nextStep tells the user what to do for each family of S3 Select errors',
  {
    points: 3,
    exercise,
    hint: [
      'Parse… codes: the SQL. Cast…, Evaluator… and IntegerOverflow: the data or the expression. CSV…, JSON…, InvalidTextEncoding: the InputSerialization.',
      'Each family needs its own advice, different from the others.',
    ],
  },
  () => {
    const parse = nextStep('ParseUnexpectedToken');
    const cast = nextStep('CastFailed');
    const input = nextStep('CSVParsingError');
    expect(new Set([parse, cast, input, nextStep('NoSuchKey')]).size).toBe(4);
    expect(nextStep('ParseInvalidContextForWildcardInSelectList')).toBe(parse);
    expect(nextStep('EvaluatorInvalidArguments')).toBe(cast);
    expect(nextStep('InvalidTextEncoding')).toBe(input);
    expect(parse).toMatch(/SQL/i);
  },
);
