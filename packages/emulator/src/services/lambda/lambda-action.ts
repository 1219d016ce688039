import type { RequestContext } from '../../core/types.ts';

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

/** An operation's output as a handler returns it: the SDK's command output without the client's `$metadata`. */
export type OutputOf<T> = Omit<T, '$metadata'>;

/**
 * One Lambda operation: its name, its REST route, and a handler typed with the `@aws-sdk/client-lambda` input and
 * output shapes. `input` and `reply` bind the shapes to HTTP; by default the input is the JSON body plus the path's
 * FunctionName, and the output is the JSON body with `status`.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
export interface LambdaAction<Input, Output> {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below /2015-03-31/functions: '' for the collection, '/{FunctionName}' and its sub-resources. */
  path: '' | '/{FunctionName}' | '/{FunctionName}/code' | '/{FunctionName}/invocations';
  status: number;
  input?(request: LambdaRequest): Input;
  handle(input: Input, ctx: RequestContext, caller: Caller): Promise<Output>;
  reply?(output: Output): LambdaReply;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds actions of every shape; each narrows its own.
export type AnyLambdaAction = LambdaAction<any, any>;

/** Lambda's function ARN for a name (an ARN is kept as given), the resource every Lambda IAM action names. */
export function functionArnOf(caller: Caller, name: string): string {
  return name.startsWith('arn:')
    ? name
    : `arn:aws:lambda:${caller.region}:${caller.accountId}:function:${name}`;
}
