import type { InvokeResult } from '@cloudlab/lambda-runtime';

/**
 * What a failed invoke says to the learner, in one or two lines: the error's type and message, what to do for
 * the runtime's own errors, and the first stack frame in the learner's source when the bundle has a source map
 * (`Sourcemap: true` under BuildProperties) — not the log's first line, which is only START.
 */
interface LambdaError {
  errorType?: string;
  errorMessage?: string;
  trace?: string[];
}

/** A frame in the learner's own source: a .ts file outside node_modules (frames in the bundle are unmapped). */
function learnerFrame(trace: string[] = []): string | undefined {
  for (const line of trace.slice(1)) {
    const at = /\(?((?:file:\/\/)?[^\s()]+\.[cm]?ts):(\d+):(\d+)\)?$/.exec(line.trim());
    if (at && !at[1]!.includes('/node_modules/')) return `${at[1]}:${at[2]}:${at[3]}`;
  }
  return undefined;
}

export function invokeFailure(result: Pick<InvokeResult, 'payload' | 'functionError'>): string | undefined {
  if (!result.functionError) return undefined;
  const error = (result.payload ?? {}) as LambdaError;
  const type = error.errorType ?? 'Error';
  const message = error.errorMessage ?? '';
  if (type === 'Sandbox.Timedout') {
    return `the handler ran past its Timeout (${message}) — look for an await that never settles, or raise Timeout in the template`;
  }
  if (type === 'Runtime.ImportModuleError' || type === 'Runtime.HandlerNotFound') {
    return `${type}: ${message} — Handler must be "file.export", naming the built file (CodeUri/EntryPoints) and a function it exports`;
  }
  const frame = learnerFrame(error.trace);
  return `the handler threw ${type}: ${message}${frame ? `\n    at ${frame}` : ''}`;
}
