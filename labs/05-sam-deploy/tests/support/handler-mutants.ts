/**
 * Broken versions of the learner's own handler, made by wrapping it (never by shipping a correct one, which
 * would hand out exercise 2): each has one bug a config API really ships with. Exercise 3's checks run the
 * learner's unit test against each; a test worth keeping fails for every one. This file is imported by the
 * wrappers that test-audit.ts writes, inside the learner's Vitest run, so it may only use what the lab's
 * handler uses.
 */
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export const MUTANTS = {
  /** Every failure, an AccessDeniedException too, is answered as a missing parameter. */
  'every-error-is-404':
    (handler: Handler): Handler =>
    async (event) => {
      try {
        return await handler(event);
      } catch {
        return json(404, { message: 'not found' });
      }
    },
  /** ParameterNotFound is not caught: API Gateway turns the throw into a 500. */
  'no-404':
    (handler: Handler): Handler =>
    async (event) => {
      const result = await handler(event);
      if (result.statusCode === 404) {
        throw new ParameterNotFound({
          message: 'Parameter not found (not caught by the handler)',
          $metadata: {},
        });
      }
      return result;
    },
  /** The name from the path goes to SSM unchecked, so `../../other/05/secret` is read too. */
  'unchecked-name':
    (handler: Handler): Handler =>
    async (event) => {
      const result = await handler(event);
      if (result.statusCode !== 400) return result;
      const name = event.pathParameters?.name ?? '';
      try {
        const out = await new SSMClient({}).send(
          new GetParameterCommand({ Name: `${process.env.CONFIG_PATH}/${name}`, WithDecryption: true }),
        );
        return json(200, { name, value: out?.Parameter?.Value ?? null });
      } catch (error) {
        if (error instanceof ParameterNotFound) return json(404, { message: 'not found' });
        throw error;
      }
    },
  /** The handler asks SSM for another parameter than CONFIG_PATH/name (a path joined without its "/"). */
  'wrong-parameter':
    (handler: Handler): Handler =>
    async (event) => {
      const send = SSMClient.prototype.send;
      // The learner's aws-sdk-client-mock has replaced send; this wraps the replacement for one invocation.
      SSMClient.prototype.send = function (this: SSMClient, command: unknown, ...rest: unknown[]) {
        if (command instanceof GetParameterCommand && command.input.Name) {
          const name = command.input.Name;
          const slash = name.lastIndexOf('/');
          command.input.Name = `${name.slice(0, slash)}${name.slice(slash + 1)}`;
        }
        return (send as (...args: unknown[]) => unknown).call(this, command, ...rest);
      } as typeof send;
      try {
        return await handler(event);
      } finally {
        SSMClient.prototype.send = send;
      }
    },
} satisfies Record<string, (handler: Handler) => Handler>;

export type MutantName = keyof typeof MUTANTS;

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
