import type { Operation } from '../../core/operation.ts';

/** The account and region a call runs in: where its functions live. */
export interface Caller {
  accountId: string;
  region: string;
}

/** What the REST-JSON binding reads from a request before an action's input is built. */
export interface LambdaRequest {
  /** The function named in the path ('' for the collection). */
  functionName: string;
  /** The raw body: Invoke's payload, every other operation's JSON input. */
  body: Buffer;
  /** A request header (lower-case name). */
  header(name: string): string | undefined;
}

/** How an action's output goes back over HTTP: the status, and a raw body and headers where JSON is not all. */
export interface LambdaReply {
  status: number;
  json?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

/**
 * One Lambda operation (typed with the `@aws-sdk/client-lambda` input and output shapes) and its REST route.
 * `input` and `reply` bind the shapes to HTTP; by default the input is the JSON body plus the path's
 * FunctionName, and the output is the JSON body with `status`. Every handler gets the Caller.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
export interface LambdaOperation<Input, Output> extends Operation<Input, Output, Caller> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below /2015-03-31/functions: '' for the collection, '/{FunctionName}' and its sub-resources. */
  path:
    | ''
    | '/{FunctionName}'
    | '/{FunctionName}/code'
    | '/{FunctionName}/configuration'
    | '/{FunctionName}/invocations';
  status: number;
  input?(request: LambdaRequest): Input;
  reply?(output: Output): LambdaReply;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every shape; each narrows its own.
export type AnyLambdaOperation = LambdaOperation<any, any>;

/** Lambda's function ARN for a name (an ARN is kept as given), the resource every Lambda IAM action names. */
export function functionArnOf(caller: Caller, name: string): string {
  return name.startsWith('arn:')
    ? name
    : `arn:aws:lambda:${caller.region}:${caller.accountId}:function:${name}`;
}
