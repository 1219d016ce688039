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
  throw new Error('TODO(3): Unit-test the handler — see README.md, exercise 3');
});

test('answers 404 when SSM says ParameterNotFound', async () => {
  throw new Error('TODO(3): Unit-test the handler — see README.md, exercise 3');
});

test('lets any other SSM error throw: a broken role is not a missing parameter', async () => {
  throw new Error('TODO(3): Unit-test the handler — see README.md, exercise 3');
});

test('answers 400 for a name that is not a plain parameter name, without calling SSM', async () => {
  throw new Error('TODO(3): Unit-test the handler — see README.md, exercise 3');
});
