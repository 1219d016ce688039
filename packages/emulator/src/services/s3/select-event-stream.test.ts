import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../core/types.ts';
import { eventStreamResponse } from '../../protocols/event-stream.ts';
import { writeResponse } from '../../write-response.ts';
import { type SelectStreamOptions, selectEvents } from './select-object-content.ts';
import type { S3ObjectHandle } from './store/types.ts';

/*
 * The event stream at the wire level, with the timing knobs the S3 service leaves at their defaults: a real HTTP
 * server answers with the event-stream adapter over selectEvents, and the test splits and decodes the response messages itself.
 */

const codec = new EventStreamCodec(toUtf8, fromUtf8);
let server: Server | undefined;
afterEach(() => server?.close());

function requestXml(expression: string, extra = ''): Buffer {
  return Buffer.from(
    '<SelectObjectContentRequest xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Expression>${expression}</Expression><ExpressionType>SQL</ExpressionType>` +
      '<InputSerialization><CSV><FileHeaderInfo>NONE</FileHeaderInfo></CSV></InputSerialization>' +
      `<OutputSerialization><CSV/></OutputSerialization>${extra}</SelectObjectContentRequest>`,
  );
}

/** An object whose body arrives slowly, a chunk every `delayMs`, as from a slow disk. */
function slowObject(chunks: string[], delayMs: number): S3ObjectHandle {
  const size = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  return {
    size,
    openReadStream: () =>
      Readable.from(
        (async function* () {
          for (const chunk of chunks) {
            await sleep(delayMs);
            yield Buffer.from(chunk);
          }
        })(),
      ),
  } as unknown as S3ObjectHandle;
}

async function serve(body: Buffer, object: S3ObjectHandle, options: SelectStreamOptions): Promise<Message[]> {
  server = createServer((req, res) => {
    const ctx = { requestId: 'req-1', runtime: { options: {} } } as unknown as RequestContext;
    eventStreamResponse('req-1', selectEvents(body, ctx, object, options)).then(
      (answer) => writeResponse(req, res, answer),
      (err: Error) => res.writeHead(500).end(err.name),
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' });
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const messages: Message[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + at).getUint32(0);
    messages.push(codec.decode(bytes.subarray(at, at + length)));
    at += length;
  }
  return messages;
}

const header = (m: Message, name: string) => m.headers[name]?.value;

describe('SelectObjectContent event stream', () => {
  it('sends Cont keep-alives during a long scan that returns nothing yet', async () => {
    const chunks = Array.from({ length: 6 }, (_, i) => `${i},no\n`);
    const messages = await serve(
      requestXml("SELECT * FROM S3Object s WHERE s._2 = 'yes'"),
      slowObject(chunks, 30),
      { keepAliveMs: 20 },
    );
    const types = messages.map((m) => header(m, ':event-type'));
    expect(types.filter((t) => t === 'Cont').length).toBeGreaterThanOrEqual(2);
    expect(types.slice(-2)).toEqual(['Stats', 'End']);
    expect(types).not.toContain('Records');
  });

  it('sends periodic Progress events with the running byte counts when RequestProgress is enabled', async () => {
    const chunks = Array.from({ length: 5 }, (_, i) => `${i},yes\n`);
    const messages = await serve(
      requestXml(
        'SELECT COUNT(*) FROM S3Object',
        '<RequestProgress><Enabled>true</Enabled></RequestProgress>',
      ),
      slowObject(chunks, 20),
      { progressMs: 0 },
    );
    const progress = messages.filter((m) => header(m, ':event-type') === 'Progress');
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(header(progress[0] as Message, ':content-type')).toBe('text/xml');
    const scanned = progress.map((m) => Number(/<BytesScanned>(\d+)</.exec(toUtf8(m.body))?.[1]));
    expect(scanned).toEqual([...scanned].sort((a, b) => a - b));
    expect(scanned.at(-1)).toBe(30);
  });

  it('cuts Records payloads at frameBytes, ignoring record boundaries', async () => {
    const messages = await serve(
      requestXml('SELECT s._1 FROM S3Object s'),
      slowObject(['alpha\nbeta\ngamma\n'], 0),
      {
        frameBytes: 4,
      },
    );
    const records = messages.filter((m) => header(m, ':event-type') === 'Records');
    expect(records.map((m) => toUtf8(m.body))).toEqual(['alph', 'a\nbe', 'ta\ng', 'amma', '\n']);
    expect(header(records[0] as Message, ':content-type')).toBe('application/octet-stream');
  });

  it('ends with an error message carrying the code once the stream has started', async () => {
    const messages = await serve(
      requestXml('SELECT * FROM S3Object'),
      slowObject(['a,1\n', 'b,"open\n', 'c,3\n'], 20),
      { keepAliveMs: 0 },
    );
    const last = messages.at(-1) as Message;
    expect(header(last, ':message-type')).toBe('error');
    expect(header(last, ':error-code')).toBe('CSVEscapingRecordDelimiter');
    expect(String(header(last, ':error-message'))).toMatch(/AllowQuotedRecordDelimiter/);
  });
});
