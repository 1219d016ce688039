import { GetParameterCommand, ParameterNotFound, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { handler } from './app.ts';

// Your own unit test of the handler: run it with `pnpm cloudlab test 05`. No AWS, no emulator: every
// SSMClient's send is replaced by the mock, so each test says what SSM answers.
const ssm = mockClient(SSMClient);

/** The part of an HTTP API (payload 2.0) event the handler reads. */
const event = (name: string) => ({ pathParameters: { name } }) as unknown as APIGatewayProxyEventV2;

beforeEach(() => {
  ssm.reset();
  process.env.CONFIG_PATH = '/cloudlab/student/05';
});

test('answers 200 with { name, value } read from CONFIG_PATH/name', async () => {
  // BEGIN SOLUTION 3
  ssm
    .on(GetParameterCommand, { Name: '/cloudlab/student/05/greeting' })
    .resolves({ Parameter: { Name: '/cloudlab/student/05/greeting', Value: 'hi', Type: 'String' } });
  const result = await handler(event('greeting'));
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body ?? '')).toEqual({ name: 'greeting', value: 'hi' });
  expect(ssm.commandCalls(GetParameterCommand).map((call) => call.args[0].input.Name)).toEqual([
    '/cloudlab/student/05/greeting',
  ]);
  // END SOLUTION
});

test('answers 404 when SSM says ParameterNotFound', async () => {
  // BEGIN SOLUTION 3
  ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
  const result = await handler(event('missing'));
  expect(result.statusCode).toBe(404);
  // END SOLUTION
});

test('lets any other SSM error throw: a broken role is not a missing parameter', async () => {
  // BEGIN SOLUTION 3
  const denied = new SSMServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    message: 'not authorized to perform ssm:GetParameter',
    $metadata: {},
  });
  ssm.on(GetParameterCommand).rejects(denied);
  await expect(handler(event('greeting'))).rejects.toThrow('not authorized');
  // END SOLUTION
});

test('answers 400 for a name that is not a plain parameter name, without calling SSM', async () => {
  // BEGIN SOLUTION 3
  const result = await handler(event('../../other/05/secret'));
  expect(result.statusCode).toBe(400);
  expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  // END SOLUTION
});
