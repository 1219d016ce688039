import { randomBytes } from 'node:crypto';
import {
  DeleteParametersCommand,
  PutParameterCommand,
  paginateGetParametersByPath,
  SSMClient,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm';
import { labResourceContext } from '@cloudlab/aws-session';
import { afterAll } from 'vitest';

/**
 * An SSM client for the target the grader set up (AWS_ENDPOINT_URL, AWS_REGION, keys from the environment),
 * built without the code under test so a check never trusts what it is checking.
 */
export function testSsm(config: SSMClientConfig = {}): SSMClient {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  return new SSMClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...config,
  });
}

/** Counts the operations a client sends, by command name (e.g. "GetParameterCommand"). */
export function countCalls(client: SSMClient): Map<string, number> {
  const calls = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? '?';
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'cloudlabCountCalls' },
  );
  return calls;
}

/**
 * A fresh stage of the app for one test file: `/cloudlab/<learner>/03/app/<purpose>-<random>`. Everything
 * under it is deleted after the file (by the test's own code, whatever the student's code left behind).
 */
export function useStage(purpose: string): { readonly prefix: string; readonly ssm: SSMClient } {
  const ctx = labResourceContext('03');
  const prefix = `/cloudlab/${ctx.learner}/03/app/${purpose}-${randomBytes(3).toString('hex')}`;
  const ssm = testSsm();
  afterAll(async () => {
    const names = await listNames(ssm, prefix);
    for (let i = 0; i < names.length; i += 10) {
      await ssm.send(new DeleteParametersCommand({ Names: names.slice(i, i + 10) }));
    }
  });
  return { prefix, ssm };
}

/** Every parameter name under `path`, through the test's own client. */
export async function listNames(ssm: SSMClient, path: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: path, Recursive: true })) {
    for (const parameter of page.Parameters ?? []) if (parameter.Name) names.push(parameter.Name);
  }
  return names.sort();
}

/** Writes parameters directly (full names), for checks that read. */
export async function seed(
  ssm: SSMClient,
  parameters: { Name: string; Value: string; Type?: 'String' | 'StringList' | 'SecureString' }[],
): Promise<void> {
  for (let i = 0; i < parameters.length; i += 5) {
    await Promise.all(
      parameters
        .slice(i, i + 5)
        .map((p) => ssm.send(new PutParameterCommand({ Type: 'String', Overwrite: true, ...p }))),
    );
  }
}

/** The error a promise rejects with (fails the check when it resolves, saying `why` it should have failed). */
export async function rejection(
  promise: Promise<unknown>,
  why?: string,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error(`expected the call to fail, but it succeeded${why ? `: ${why}` : ''}`);
}

/** True when the grader started the embedded emulator for this run (not another endpoint or AWS). */
export const onEmulator = () => (process.env.CLOUDLAB_TARGET ?? 'emulator') === 'emulator';
