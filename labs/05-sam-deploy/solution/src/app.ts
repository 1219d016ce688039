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
  // BEGIN SOLUTION 2
  const name = event.pathParameters?.name ?? '';
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name)) {
    return json(400, { message: 'name must be 1-128 letters, digits, "_", "." or "-"' });
  }
  const path = process.env.CONFIG_PATH;
  if (!path) return json(500, { message: 'CONFIG_PATH is not set — add it under Environment.Variables' });
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: `${path}/${name}`, WithDecryption: true }));
    return json(200, { name, value: out.Parameter?.Value ?? null });
  } catch (error) {
    if (error instanceof ParameterNotFound)
      return json(404, { message: `No parameter ${name} under ${path}` });
    throw error;
  }
  // END SOLUTION
}
