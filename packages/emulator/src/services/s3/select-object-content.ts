import type { SelectObjectContentEventStream } from '@aws-sdk/client-s3';
import {
  type InputSerialization,
  type OutputSerialization,
  type ScanRange,
  SelectError,
  type SelectStats,
  select,
} from '@cloudlab/s3-select';
import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import { parseXmlDocument, textOf, type XmlNode } from './protocol/xml.ts';
import { EventQueue } from './select-event-queue.ts';
import type { S3ObjectHandle } from './store/types.ts';

/**
 * SelectObjectContent (https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html): runs the
 * S3 Select engine over the object's bytes and yields the SDK's events — Records, Cont, Progress, Stats,
 * End — which the event-stream adapter (protocols/event-stream.ts) encodes as
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html describes.
 * Request errors (bad XML, SQL, serialization) and data errors met before the first event are thrown before
 * it, so they answer as plain S3 XML errors; once the stream has started, the adapter sends an error as an
 * error message in the stream.
 */

export interface SelectStreamOptions {
  /** Largest Records payload; output is cut at this size wherever it falls, so a record may span two events. */
  frameBytes?: number;
  /** A Cont event goes out when nothing was sent for this long during a scan. */
  keepAliveMs?: number;
  /** Time between Progress events when RequestProgress is enabled. */
  progressMs?: number;
}

const EXPRESSION_LIMIT = 256 * 1024;

/** The request document, read and checked now, so a bad request fails before any event. */
export function selectEvents(
  document: Buffer,
  ctx: RequestContext,
  object: S3ObjectHandle,
  options: SelectStreamOptions = {},
): AsyncIterable<SelectObjectContentEventStream> {
  const request = parseRequest(document);
  return { [Symbol.asyncIterator]: () => run(request, ctx, object, options) };
}

async function* run(
  request: ParsedRequest,
  ctx: RequestContext,
  object: S3ObjectHandle,
  options: SelectStreamOptions,
): AsyncGenerator<SelectObjectContentEventStream> {
  const frameBytes = options.frameBytes ?? 32 * 1024;
  const keepAliveMs = options.keepAliveMs ?? 5_000;
  const progressMs = options.progressMs ?? 1_000;
  const abort = new AbortController();
  const queue = new EventQueue<SelectObjectContentEventStream>();
  let lastProgress = Date.now();
  const details = (stats: SelectStats) => ({
    BytesScanned: stats.bytesScanned,
    BytesProcessed: stats.bytesProcessed,
    BytesReturned: stats.bytesReturned,
  });
  const onProgress = (stats: SelectStats) => {
    const now = Date.now();
    if (request.progress && now - lastProgress >= progressMs) {
      lastProgress = now;
      queue.push({ Progress: { Details: details(stats) } });
    } else if (now - queue.lastPushed >= keepAliveMs) {
      queue.push({ Cont: {} });
    }
  };

  let result: ReturnType<typeof select>;
  try {
    result = select({
      expression: request.expression,
      input: object.filePath ? { path: object.filePath } : object.openReadStream(),
      inputSerialization: request.input,
      outputSerialization: request.output,
      ...(request.scanRange ? { scanRange: request.scanRange } : {}),
      objectSize: object.size,
      signal: abort.signal,
      onProgress,
    });
  } catch (err) {
    throw toAwsError(err);
  }
  const records = result.records;
  // The engine's records go through the queue too, so keep-alives and progress interleave with them.
  void (async () => {
    for await (const chunk of records) {
      for (let at = 0; at < chunk.length; at += frameBytes)
        await queue.pushAndWait({ Records: { Payload: chunk.subarray(at, at + frameBytes) } });
    }
    const stats = result.stats();
    if (request.progress) queue.push({ Progress: { Details: details(stats) } });
    queue.push({ Stats: { Details: details(stats) } });
    queue.push({ End: {} });
    queue.end();
  })().catch((err: unknown) => queue.fail(err));

  let sent = false;
  try {
    for await (const event of queue) {
      sent = true;
      yield event;
    }
  } catch (err) {
    // Before the first event, the S3 service answers (and logs anything unexpected) in its usual way.
    if (!sent) throw err instanceof SelectError ? toAwsError(err) : err;
    if (!(err instanceof SelectError) && !(err instanceof AwsError)) {
      const log = ctx.runtime.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
      log(`s3: internal error in SelectObjectContent: ${(err as Error)?.stack ?? String(err)}`);
    }
    throw toAwsError(err);
  } finally {
    abort.abort();
  }
}

interface ParsedRequest {
  expression: string;
  input: InputSerialization;
  output: OutputSerialization;
  scanRange?: ScanRange;
  progress: boolean;
}

/** The SelectObjectContentRequest document; option names match the SDK's shapes one to one. */
function parseRequest(body: Buffer): ParsedRequest {
  const root = parseXmlDocument(body, 'SelectObjectContentRequest');
  const expression = text(root, 'Expression');
  if (expression === undefined || expression.trim() === '') {
    throw new AwsError(
      'MissingRequiredParameter',
      'The SelectRequest entity is missing a required parameter Expression.',
    );
  }
  if (expression.length > EXPRESSION_LIMIT) {
    throw new AwsError(
      'ExpressionTooLong',
      'The SQL expression is too long: the maximum byte-length is 256 KB.',
    );
  }
  const expressionType = text(root, 'ExpressionType');
  if (expressionType !== 'SQL') {
    throw new AwsError(
      'InvalidExpressionType',
      'The ExpressionType is invalid. Only SQL expressions are supported.',
    );
  }
  const inputNode = child(root, 'InputSerialization');
  const outputNode = child(root, 'OutputSerialization');
  if (!inputNode || !outputNode) {
    throw new AwsError(
      'MissingRequiredParameter',
      'The SelectRequest entity is missing a required parameter: InputSerialization and OutputSerialization.',
    );
  }
  const csvIn = child(inputNode, 'CSV');
  const jsonIn = child(inputNode, 'JSON');
  const input: InputSerialization = {
    ...optional(
      'CompressionType',
      text(inputNode, 'CompressionType') as InputSerialization['CompressionType'],
    ),
    ...(csvIn ? { CSV: csvInput(csvIn) } : {}),
    ...(jsonIn ? { JSON: { ...optional('Type', text(jsonIn, 'Type') as 'DOCUMENT' | 'LINES') } } : {}),
    ...(inputNode.Parquet !== undefined ? { Parquet: {} } : {}),
  };
  const csvOut = child(outputNode, 'CSV');
  const jsonOut = child(outputNode, 'JSON');
  const output: OutputSerialization = {
    ...(csvOut
      ? {
          CSV: {
            ...optional('QuoteFields', text(csvOut, 'QuoteFields') as 'ALWAYS' | 'ASNEEDED'),
            ...optional('QuoteEscapeCharacter', text(csvOut, 'QuoteEscapeCharacter')),
            ...optional('RecordDelimiter', text(csvOut, 'RecordDelimiter')),
            ...optional('FieldDelimiter', text(csvOut, 'FieldDelimiter')),
            ...optional('QuoteCharacter', text(csvOut, 'QuoteCharacter')),
          },
        }
      : {}),
    ...(jsonOut ? { JSON: { ...optional('RecordDelimiter', text(jsonOut, 'RecordDelimiter')) } } : {}),
  };
  const rangeNode = child(root, 'ScanRange');
  const progressNode = child(root, 'RequestProgress');
  return {
    expression,
    input,
    output,
    ...(rangeNode
      ? {
          scanRange: {
            ...optional('Start', long(rangeNode, 'Start')),
            ...optional('End', long(rangeNode, 'End')),
          },
        }
      : {}),
    progress: progressNode !== undefined && text(progressNode, 'Enabled') === 'true',
  };
}

function csvInput(node: XmlNode) {
  const allow = text(node, 'AllowQuotedRecordDelimiter');
  return {
    ...optional('FileHeaderInfo', text(node, 'FileHeaderInfo') as 'USE' | 'IGNORE' | 'NONE'),
    ...optional('Comments', text(node, 'Comments')),
    ...optional('QuoteEscapeCharacter', text(node, 'QuoteEscapeCharacter')),
    ...optional('RecordDelimiter', text(node, 'RecordDelimiter')),
    ...optional('FieldDelimiter', text(node, 'FieldDelimiter')),
    ...optional('QuoteCharacter', text(node, 'QuoteCharacter')),
    ...(allow === undefined ? {} : { AllowQuotedRecordDelimiter: allow === 'true' }),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Element text with numeric character references decoded: the SDK writes "\n" as `&#x0A;`, which the shared
 * S3 XML parser keeps as text (it decodes only the five named entities).
 */
function text(node: XmlNode, name: string): string | undefined {
  const value = textOf(node, name);
  return value?.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_, code: string) =>
    String.fromCodePoint(code.startsWith('x') ? Number.parseInt(code.slice(1), 16) : Number(code)),
  );
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsError('MalformedXML', `${name} must be an XML element with child elements.`);
  }
  return value as XmlNode;
}

function long(node: XmlNode, name: string): number | undefined {
  const value = text(node, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new AwsError('InvalidRequest', `ScanRange ${name} must be a non-negative integer; got "${value}".`);
  }
  return Number(value);
}

function toAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof SelectError) return new AwsError(err.code, err.message, err.statusCode);
  return new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
}
