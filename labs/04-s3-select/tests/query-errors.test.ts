import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { PutObjectCommand, SelectObjectContentCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { FIXTURES } from '@lab/formats.ts';
import { nextStep, runQuery } from '@lab/query-errors.ts';
import { beforeAll, expect } from 'vitest';
import { rejection, testS3, useLabBucket } from './support/s3.ts';

const exercise = 6;
const bucket = useLabBucket('errors', { fixtures: true });
const csv = (sql: string, key = FIXTURES.csv.key) => ({
  bucket: bucket.name,
  key,
  sql,
  input: FIXTURES.csv.input,
});

/** 30,000 numbers, then one that is not: CAST fails only after S3 has streamed records for a while. */
const LATE_KEY = 'counts-late-failure.csv';
const LATE_SQL = 'SELECT CAST(s.n AS INT) AS n FROM S3Object s';
beforeAll(async () => {
  const rows = Array.from({ length: 30_000 }, (_, i) => String(i)).join('\n');
  await bucket.s3.send(
    new PutObjectCommand({ Bucket: bucket.name, Key: LATE_KEY, Body: `n\n${rows}\nn/a\n` }),
  );
}, 60_000);

check(
  'runQuery turns SQL that does not parse into a SelectQueryError with the Parse… code and the SQL',
  {
    points: 4,
    exercise,
    concept: 'errors',
    hint: [
      'Call selectRecords inside try/catch. Bad SQL is refused before the stream starts: an S3ServiceException whose name is the AWS code and which has $metadata.httpStatusCode 400.',
      'Throw new SelectQueryError(error.name, query.sql, message, { cause: error }) — error.name is the AWS code, e.g. ParseUnexpectedToken.',
    ],
  },
  async () => {
    const sql = 'SELECT s.city FROM S3Object s WHERE';
    const error = await rejection(runQuery(bucket.s3, csv(sql)));
    expect(
      error.name,
      "the error runQuery throws for SQL S3 refuses: S3's own error got out unwrapped if it never reached your catch (a promise returned from inside try without `await` rejects after the try is left: `return await selectRecords(…)`)",
    ).toBe('SelectQueryError');
    expect(String(error.code), 'SelectQueryError.code: the AWS code of the S3 error').toMatch(/^Parse/);
    expect(error.sql, 'SelectQueryError.sql').toBe(sql);
    expect(error.message, 'the message names the AWS code').toContain(String(error.code));
    expect(error.message, 'the message ends with nextStep(code)').toContain(nextStep(String(error.code)));
    expect(
      (error.cause as Error | undefined)?.name,
      'cause: the S3 error itself (new SelectQueryError(code, sql, message, { cause: error })), with its request id and status',
    ).toBe(error.code);
  },
);

check(
  'runQuery reports a CAST that fails after output began — an error event inside the stream, a plain Error without $metadata — as a SelectQueryError',
  {
    points: 4,
    exercise,
    hint: [
      'A data error S3 meets after it started streaming arrives as an error event: the SDK throws it from the for await loop as a plain Error whose name is the AWS code (CastFailed) and which has NO $metadata — the 200 response had already begun.',
      'So "has $metadata" is not how to recognise S3\'s errors: an S3ServiceException (before the stream) or a plain Error named after an AWS code without $metadata (inside it) both came from S3.',
    ],
  },
  async () => {
    // The test's own look at the wire: records first, then the error, as the check's title says.
    const out = await testS3().send(
      new SelectObjectContentCommand({
        Bucket: bucket.name,
        Key: LATE_KEY,
        ExpressionType: 'SQL',
        Expression: LATE_SQL,
        InputSerialization: FIXTURES.csv.input,
        OutputSerialization: { JSON: {} },
      }),
    );
    let streamed = 0;
    const raw = await rejection(
      (async () => {
        for await (const event of out.Payload ?? []) streamed += event.Records?.Payload?.length ?? 0;
      })(),
    );
    expect(raw.name, 'what the SDK throws from the stream').toBe('CastFailed');
    expect(streamed, 'bytes of Records before the error event').toBeGreaterThan(0);
    expect('$metadata' in raw, 'an error event carries no $metadata').toBe(false);

    const error = await rejection(runQuery(bucket.s3, csv(LATE_SQL, LATE_KEY)));
    expect(error.name, 'the error runQuery throws for an error event inside the stream').toBe(
      'SelectQueryError',
    );
    expect(error.code, 'SelectQueryError.code').toBe('CastFailed');
    expect(error.message, 'the message ends with nextStep(code)').toContain(nextStep('CastFailed'));
    expect((error.cause as Error | undefined)?.name, 'cause: the error the SDK threw').toBe('CastFailed');
  },
);

/** A local port nothing listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

check(
  'runQuery lets errors that did not come from S3 through unchanged (a refused connection, a timeout, a stream cut before End, a record that is not JSON)',
  {
    points: 3,
    exercise,
    hint: [
      'Only what S3 sent has an AWS code. A refused connection is a plain Error named "Error" — and it has $metadata too (the SDK adds attempts to every error), so "$metadata in error" wraps it by mistake.',
      'Your own IncompleteSelectResponse error is not an S3 error either: rethrow anything that is neither an S3ServiceException nor an error event from the stream.',
      'A timeout is a plain Error named TimeoutError — a name, and $metadata from the retry step: a name other than "Error" is not enough either. An error event has no $metadata at all.',
      'A SyntaxError from JSON.parse is your own parsing, not S3: an error event is a plain Error, never a subclass.',
    ],
  },
  async () => {
    const offline = testS3(
      { endpoint: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 1 },
      { shim: false },
    );
    const refused = await rejection(runQuery(offline, csv('SELECT * FROM S3Object s')));
    expect(
      refused.name,
      'a refused connection is not an S3 error: runQuery must rethrow it as it is',
    ).not.toBe('SelectQueryError');
    expect(String(refused.message)).toMatch(/ECONNREFUSED/);

    // An endpoint that accepts the request and never answers: the SDK gives up with a TimeoutError.
    const silent = createHttpServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    try {
      const { port } = silent.address() as { port: number };
      const slow = testS3(
        {
          endpoint: `http://127.0.0.1:${port}`,
          maxAttempts: 1,
          requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
        },
        { shim: false },
      );
      const timedOut = await rejection(runQuery(slow, csv('SELECT * FROM S3Object s')));
      expect(
        timedOut.name,
        'a request that timed out (a plain Error named TimeoutError, with $metadata) is not an S3 error: rethrow it as it is',
      ).toBe('TimeoutError');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }

    /** A client whose SelectObjectContent answers 200 with these events, as if S3 had sent them. */
    const answering = (...events: object[]) => {
      const client = testS3({}, { shim: false });
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'SelectObjectContentCommand') return next(args);
          async function* payload() {
            yield* events;
          }
          return {
            output: { $metadata: { httpStatusCode: 200 }, Payload: payload() },
            response: {},
          } as Awaited<ReturnType<typeof next>>;
        },
        { step: 'initialize', name: 'cloudlabAnswerEvents' },
      );
      return client;
    };
    const records = (text: string) => ({ Records: { Payload: new TextEncoder().encode(text) } });
    const incomplete = await rejection(
      runQuery(answering(records('{"a":1}\n')), csv('SELECT * FROM S3Object s')),
    );
    expect(
      incomplete.name,
      'a stream cut before End is reported by your own recordsFromEvents, not by S3: rethrow it unchanged',
    ).not.toBe('SelectQueryError');
    const unparsable = await rejection(
      runQuery(answering(records('not json\n'), { End: {} }), csv('SELECT * FROM S3Object s')),
    );
    expect(
      unparsable,
      'a record that is not JSON makes JSON.parse throw a SyntaxError — your parsing, not S3: rethrow it unchanged',
    ).toBeInstanceOf(SyntaxError);
  },
);

check(
  'nextStep tells the user what to do for each family of S3 Select errors',
  {
    points: 3,
    exercise,
    hint: [
      'Parse… and Lexer… codes: the SQL. Cast…, Evaluator…, ExternalEvalException and IntegerOverflow: a value does not fit (CSV text needs CAST). CSV…, JSON…, InvalidTextEncoding: the InputSerialization.',
      'Each family needs its own advice, different from the others.',
      'Outside the families: NoSuchKey and NoSuchBucket (upload first), AccessDenied (the caller needs s3:GetObject), anything else (read the AWS message).',
    ],
  },
  () => {
    const parse = nextStep('ParseUnexpectedToken');
    const cast = nextStep('CastFailed');
    const input = nextStep('CSVParsingError');
    expect(
      new Set([parse, cast, input, nextStep('NoSuchKey')]).size,
      'distinct pieces of advice for ParseUnexpectedToken, CastFailed, CSVParsingError and NoSuchKey (a family is a prefix of the code: CSVParsingError is the InputSerialization\'s, though "Pars" is in it)',
    ).toBe(4);
    expect(parse, 'advice for a Parse… code').toMatch(/SQL/i);
    expect(cast, 'advice for a Cast… code: CSV fields are text, CAST them').toMatch(/CAST/);
    expect(input, 'advice for a CSV… code: the InputSerialization').toMatch(/InputSerialization/);
    expect(nextStep('NoSuchKey'), 'advice for NoSuchKey: upload the object first').toMatch(/upload/i);
    const family: [string, string, string][] = [
      ['ParseInvalidContextForWildcardInSelectList', parse, 'the SQL'],
      ['LexerInvalidChar', parse, 'the SQL'],
      ['EvaluatorInvalidArguments', cast, 'a value that does not fit'],
      ['ExternalEvalException', cast, 'a value that does not fit (SUM or > over CSV text without CAST)'],
      ['IntegerOverflow', cast, 'a value that does not fit'],
      ['JSONParsingError', input, 'the InputSerialization'],
      ['InvalidTextEncoding', input, 'the InputSerialization'],
    ];
    for (const [code, advice, why] of family)
      expect(nextStep(code), `nextStep('${code}'): ${why}`).toBe(advice);
    expect(nextStep('NoSuchBucket'), "nextStep('NoSuchBucket'): the same advice as a missing object").toBe(
      nextStep('NoSuchKey'),
    );
    const denied = nextStep('AccessDenied');
    expect(denied, "nextStep('AccessDenied'): the permission S3 Select needs").toMatch(/s3:GetObject/);
    const other = nextStep('InternalError');
    expect(
      [other.length > 0, new Set([parse, cast, input, nextStep('NoSuchKey'), denied, other]).size],
      "nextStep('InternalError'), a code outside every family: advice of its own (read the AWS message), not empty",
    ).toEqual([true, 6]);
  },
);
