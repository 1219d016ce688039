import type { InvocationRequest, InvocationResponse } from '@aws-sdk/client-lambda';
import { allow } from '../../../core/operation.ts';
import { findFunction, invokeFunction } from '../function-operations.ts';
import { functionArnOf, type LambdaOperation } from '../lambda-action.ts';
import { requestJson } from '../request-json.ts';

/** The last 4 KB of the log, as LogType=Tail returns it. */
const TAIL_BYTES = 4096;

/**
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 * Typed with the request and response shapes under InvokeCommandInput/Output (whose Payload is the client's
 * blob adapter): the payload is the raw body, the rest travels in headers.
 */
export const invoke: LambdaOperation<InvocationRequest, InvocationResponse> = {
  name: 'Invoke',
  iamAction: 'lambda:InvokeFunction',
  method: 'POST',
  path: '/{FunctionName}/invocations',
  status: 200,
  input: (request) => ({
    FunctionName: request.functionName,
    InvocationType: (request.header('x-amz-invocation-type') ??
      'RequestResponse') as InvocationRequest['InvocationType'],
    LogType: request.header('x-amz-log-type') as InvocationRequest['LogType'],
    Payload: request.body,
  }),
  async handle({ FunctionName = '', InvocationType, LogType, Payload }, ctx, caller) {
    allow(ctx, invoke, functionArnOf(caller, FunctionName));
    const fn = findFunction(ctx.runtime, caller, FunctionName);
    if (InvocationType === 'DryRun') return { StatusCode: 204 };
    const event = Payload?.length ? requestJson(Buffer.from(Payload)) : {};
    const running = invokeFunction(ctx.runtime, fn, event);
    if (InvocationType === 'Event') {
      // Asynchronous invocation: accepted now, run in the background; errors only reach the function's logs.
      running.catch(() => {});
      return { StatusCode: 202 };
    }
    const result = await running;
    return {
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      ...(result.functionError ? { FunctionError: result.functionError } : {}),
      ...(LogType === 'Tail'
        ? { LogResult: Buffer.from(result.logs).subarray(-TAIL_BYTES).toString('base64') }
        : {}),
      Payload: Buffer.from(JSON.stringify(result.payload ?? null)),
    };
  },
  reply(output) {
    if (output.StatusCode !== 200) return { status: output.StatusCode ?? 200 };
    const headers: Record<string, string> = { 'x-amz-executed-version': output.ExecutedVersion ?? '$LATEST' };
    if (output.FunctionError) headers['x-amz-function-error'] = output.FunctionError;
    if (output.LogResult) headers['x-amz-log-result'] = output.LogResult;
    const payload = output.Payload ?? new Uint8Array();
    return { status: 200, raw: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), headers };
  },
};
