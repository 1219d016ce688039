import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { handler } from '@lab/src/app.ts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';

const exercise = 2;
const ssm = mockClient(SSMClient);

beforeEach(() => {
  ssm.reset();
  process.env.CONFIG_PATH = '/cloudlab/student/05';
});
afterEach(() => {
  delete process.env.CONFIG_PATH;
});
// The lab's test files share one worker: the next file's SSM client must reach the endpoint again.
afterAll(() => {
  ssm.restore();
});

const event = (name: string) =>
  ({
    rawPath: `/config/${name}`,
    pathParameters: { name },
    requestContext: { http: { method: 'GET' } },
  }) as unknown as APIGatewayProxyEventV2;

/** The handler's answer as API Gateway reads it, each shape mistake said by name. */
function readResponse(result: unknown) {
  const r = (result ?? {}) as APIGatewayProxyStructuredResultV2;
  expect(
    typeof r.statusCode,
    `statusCode is ${JSON.stringify(r.statusCode)}: API Gateway reads a number, e.g. statusCode: 200`,
  ).toBe('number');
  expect(
    typeof r.body,
    `body is ${typeof r.body}: API Gateway sends a string, so return body: JSON.stringify({ … })`,
  ).toBe('string');
  return { status: r.statusCode, body: JSON.parse(r.body as string), headers: r.headers ?? {} };
}

async function call(name: string) {
  return readResponse(await handler(event(name)));
}

check(
  'returns 200 with { name, value } read from CONFIG_PATH/name',
  {
    points: 10,
    exercise,
    concept: 'lambda-handler',
    hint: [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
      'Read event.pathParameters.name and process.env.CONFIG_PATH, then GetParameterCommand({ Name: `${path}/${name}` }).',
      'Return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ name, value }) }.',
    ],
  },
  async () => {
    ssm
      .on(GetParameterCommand, { Name: '/cloudlab/student/05/greeting' })
      .resolves({ Parameter: { Name: '/cloudlab/student/05/greeting', Value: 'hi', Type: 'String' } });
    const { status, body, headers } = await call('greeting');
    const names = ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name);
    expect(names, 'the GetParameter calls: one, for CONFIG_PATH + "/" + the name from the path').toEqual([
      '/cloudlab/student/05/greeting',
    ]);
    expect(status, `the status for a parameter that exists (body: ${JSON.stringify(body)})`).toBe(200);
    expect(body, "the body: the name from the path and the parameter's value").toEqual({
      name: 'greeting',
      value: 'hi',
    });
    const contentType = Object.entries(headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1];
    expect(
      String(contentType),
      'headers: { "content-type": "application/json" } tells clients (and curl -i) the body is JSON',
    ).toMatch(/^application\/json/);
  },
);

check(
  'creates the SSM client once, outside the handler, and reads the parameter on every request',
  {
    points: 5,
    exercise,
    concept: 'lambda-lifecycle',
    hint: [
      'Create the client at module level (const ssm = new SSMClient({})): a warm execution environment reuses it and its connections.',
      'Do not keep the parameter values themselves: a config API that caches them serves stale values until Lambda recycles the environment.',
    ],
  },
  async () => {
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Value: 'one' } })
      .resolves({ Parameter: { Value: 'two' } });
    const first = await call('greeting');
    const second = await call('greeting');
    expect(
      [first.body?.value, second.body?.value],
      'two requests after the parameter changed from "one" to "two": each request reads it again',
    ).toEqual(['one', 'two']);
    const clients = new Set(ssm.commandCalls(GetParameterCommand).map((c) => c.thisValue));
    expect(
      clients.size,
      'SSM clients used by two invocations: a client made inside the handler is built again on every request',
    ).toBe(1);
  },
);

check(
  'answers 404 when the parameter does not exist',
  {
    points: 5,
    exercise,
    concept: 'errors',
    hint: [
      'Catch the SDK error: `error instanceof ParameterNotFound` → { statusCode: 404, body: { message } }.',
      'Only ParameterNotFound is a 404: rethrow anything else (an AccessDeniedException is a broken role, not a missing parameter).',
    ],
  },
  async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const result = await handler(event('missing')).catch((error: Error) => {
      throw new Error(
        `the handler threw ${error.name} for a missing parameter: catch it (error instanceof ParameterNotFound) and answer 404`,
      );
    });
    const { status, body } = readResponse(result);
    expect(status, 'the status when SSM answers ParameterNotFound').toBe(404);
    expect(typeof body?.message, 'a 404 body { message } that says what was not found').toBe('string');
    expect(
      body.message,
      'the 404 message names the parameter that was not found ("missing"), so the caller can tell a typo from a parameter nobody created',
    ).toContain('missing');
    ssm.reset();
    const denied = Object.assign(new Error('User is not authorized to perform: ssm:GetParameter'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    ssm.on(GetParameterCommand).rejects(denied);
    const outcome = await handler(event('greeting')).then(
      (r) => (r as APIGatewayProxyStructuredResultV2).statusCode,
      () => 'threw',
    );
    expect(
      outcome,
      'the answer when SSM says AccessDeniedException: not 404 — that would hide a broken role as a missing parameter',
    ).not.toBe(404);
  },
);

check(
  'answers 400 for a name that is not a plain parameter name, without calling SSM',
  {
    points: 5,
    exercise,
    concept: 'input-validation',
    hint: 'Allow letters, digits, "_", "." and "-" (1–128); anything else → 400 before any SSM call.',
  },
  async () => {
    for (const name of ['../../other/05/secret', 'a/b', 'has space', '', 'x'.repeat(129)]) {
      expect((await call(name)).status, `the status for the name ${JSON.stringify(name)}`).toBe(400);
    }
    const noPath = readResponse(await handler({ rawPath: '/config/', requestContext: {} } as never));
    expect(noPath.status, 'the status for an event without pathParameters').toBe(400);
    const refused = await call('a/b');
    expect(
      typeof refused.body?.message === 'string' && refused.body.message.length > 0,
      `the 400 body ${JSON.stringify(refused.body)} says what is wrong in { message }, as the 404 does: which names are allowed`,
    ).toBe(true);
    expect(ssm.commandCalls(GetParameterCommand), 'SSM calls for names that were refused').toHaveLength(0);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'v' } });
    for (const name of ['feature-flags', 'a.b_c', 'x'.repeat(128)]) {
      expect((await call(name)).status, `the status for the valid name ${JSON.stringify(name)}`).toBe(200);
    }
  },
);
