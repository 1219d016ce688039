import {
  type InputSerialization,
  type OutputSerialization,
  type ScanRange,
  SelectError,
  type SelectStats,
  select,
} from '@cloudlab/s3-select';
import { fromUtf8 } from '@smithy/util-utf8';
import { AwsError } from '../../core/aws-error.ts';
import type { RequestContext } from '../../core/types.ts';
import type { WireResponse } from '../../core/wire.ts';
import { eventStreamResponse } from '../../protocols/event-stream.ts';
import { parseXmlDocument, textOf, type XmlNode } from './protocol/xml.ts';
import type { S3ObjectHandle } from './store/types.ts';

/**
 * SelectObjectContent (https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html): runs the
 * S3 Select engine over the object's bytes and answers with the binary event stream of
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html — Records, Cont, Progress,
 * Stats, End — that the SDK's SelectObjectContentCommand reads unchanged.
 * Request errors (bad XML, SQL, serialization) and data errors met before the first byte is sent answer as
 * plain S3 XML errors (thrown as AwsError for the S3 service to serialise); once the stream has started, an
 * error arrives as an error message in the stream.
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

export async function selectObjectContent(
  document: Buffer,
  ctx: RequestContext,
  object: S3ObjectHandle,
  options: SelectStreamOptions = {},
): Promise<WireResponse> {
  const frameBytes = options.frameBytes ?? 32 * 1024;
  const keepAliveMs = options.keepAliveMs ?? 5_000;
  const progressMs = options.progressMs ?? 1_000;
  const request = parseRequest(document);

  return eventStreamResponse(ctx.requestId, async (sink) => {
    let lastSent = Date.now();
    let lastProgress = Date.now();
    const send = (type: string, body?: Uint8Array, contentType?: string) => {
      lastSent = Date.now();
      return sink.event(type, body, contentType);
    };
    const sendStats = (type: 'Stats' | 'Progress', stats: SelectStats) =>
      send(type, fromUtf8(statsXml(type, stats)), 'text/xml');
    const onProgress = (stats: SelectStats) => {
      const now = Date.now();
      if (request.progress && now - lastProgress >= progressMs) {
        lastProgress = now;
        sendStats('Progress', stats);
      } else if (now - lastSent >= keepAliveMs) {
        send('Cont');
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
        signal: sink.signal,
        onProgress,
      });
    } catch (err) {
      throw toAwsError(err);
    }

    try {
      for await (const chunk of result.records) {
        for (let at = 0; at < chunk.length; at += frameBytes) {
          if (!send('Records', chunk.subarray(at, at + frameBytes), 'application/octet-stream'))
            await sink.drained();
        }
      }
    } catch (err) {
      if (sink.signal.aborted) return;
      // Before the first byte, the S3 service answers (and logs anything unexpected) in its usual way.
      if (!sink.started) throw err instanceof SelectError ? toAwsError(err) : err;
      if (!(err instanceof SelectError)) {
        const log = ctx.runtime.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
        log(`s3: internal error in SelectObjectContent: ${(err as Error)?.stack ?? String(err)}`);
      }
      const error = toAwsError(err);
      sink.fail(error.code, error.message);
      return;
    }
    const stats = result.stats();
    if (request.progress) sendStats('Progress', stats);
    sendStats('Stats', stats);
    send('End');
    sink.end();
  });
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

function statsXml(type: 'Stats' | 'Progress', stats: SelectStats): string {
  return (
    `<${type} xmlns=""><BytesScanned>${stats.bytesScanned}</BytesScanned>` +
    `<BytesProcessed>${stats.bytesProcessed}</BytesProcessed>` +
    `<BytesReturned>${stats.bytesReturned}</BytesReturned></${type}>`
  );
}

function toAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof SelectError) return new AwsError(err.code, err.message, err.statusCode);
  return new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
}
