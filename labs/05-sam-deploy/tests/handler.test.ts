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

async function call(name: string) {
  const result = (await handler(event(name))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(String(result.body ?? 'null')) };
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
      .resolves({ Parameter: { Value: 'hi' } });
    expect(await call('greeting')).toEqual({ status: 200, body: { name: 'greeting', value: 'hi' } });
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  },
);

check(
  'answers 404 when the parameter does not exist',
  {
    points: 5,
    exercise,
    concept: 'errors',
    hint: 'Catch the SDK error: `error instanceof ParameterNotFound` → { statusCode: 404, body: { message } }.',
  },
  async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const { status, body } = await call('missing');
    expect(status).toBe(404);
    expect(typeof body.message).toBe('string');
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
    expect((await call('../../other/05/secret')).status).toBe(400);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  },
);
