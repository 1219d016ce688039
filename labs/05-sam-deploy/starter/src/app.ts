import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// Created once per execution environment, reused by every invocation that lands on it.
const ssm = new SSMClient({});

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** GET /config/{name}: the parameter CONFIG_PATH/name as { name, value }. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  throw new Error('TODO(2): Write the config handler — see README.md, exercise 2');
}
