import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
  SelectObjectContentCommand,
  type SelectObjectContentCommandInput,
  type SelectObjectContentEventStream,
} from '@aws-sdk/client-s3';
import { type SelectStats, select } from '@cloudlab/s3-select';

/**
 * Where the target does not offer S3 Select (AWS accounts that never used it; endpoints without the
 * operation), the checks of exercises 2–6 take the fallback path: this middleware answers
 * SelectObjectContent on the client — GetObject, then the course's S3 Select engine — and hands the code
 * under test the same event stream the SDK would parse from S3 (Records in slices that may cut a record,
 * Stats, End; a data error met after output began thrown from the stream as the SDK throws it, one met before
 * as an S3ServiceException). Everything else reaches the target unchanged.
 */

/** Slices smaller than a record now and then, so records span events as they do on S3. */
const SLICE_BYTES = 16 * 1024;

let support: Promise<boolean> | undefined;

/** A query with a known answer: a header row, a WHERE on a text column, one column projected. */
const PROBE = {
  body: 'a,b\n1,x\n2,y\n',
  expression: "SELECT s.a FROM S3Object s WHERE s.b = 'y'",
  answer: '{"a":"2"}\n',
};

/**
 * Whether the target answers SelectObjectContent correctly; probed once per test file with a tiny object.
 * "Offers S3 Select" means a known query gets its known answer: any error (MethodNotAllowed on AWS accounts
 * that never used it, NotImplemented, moto's 500 on anything beyond SELECT *) or a wrong answer (moto
 * ignores FileHeaderInfo) means the checks take the fallback path rather than grade the endpoint's quirks.
 */
export function targetOffersSelect(s3: S3Client, bucket: string): Promise<boolean> {
  support ??= (async () => {
    const Key = 'cloudlab-select-probe.csv';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: PROBE.body }));
    try {
      const out = await s3.send(
        new SelectObjectContentCommand({
          Bucket: bucket,
          Key,
          ExpressionType: 'SQL',
          Expression: PROBE.expression,
          InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
          OutputSerialization: { JSON: { RecordDelimiter: '\n' } },
        }),
      );
      const decoder = new TextDecoder();
      let text = '';
      for await (const event of out.Payload ?? []) {
        if (event.Records?.Payload) text += decoder.decode(event.Records.Payload, { stream: true });
      }
      return text + decoder.decode() === PROBE.answer;
    } catch {
      return false;
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    }
  })();
  return support;
}

/** True once the probe found no S3 Select: clients made after that get the shim too. */
export let shimActive = false;

function awsError(code: string, message: string): S3ServiceException {
  return new S3ServiceException({
    name: code,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message,
  });
}

/**
 * What the SDK throws for an error event inside the stream: a plain Error named after the event's
 * :error-code, without $metadata (@smithy/core's event-stream unmarshaller).
 */
function streamError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: code });
}

/**
 * The event stream of a select() result whose first output chunk (if any) was already read: S3 answers an
 * error met before any output as a plain HTTP error, and one met later as an error event (the emulator does
 * the same).
 */
async function* events(
  first: IteratorResult<Uint8Array>,
  rest: AsyncIterator<Uint8Array>,
  stats: () => SelectStats,
): AsyncGenerator<SelectObjectContentEventStream> {
  try {
    for (let next = first; !next.done; next = await rest.next()) {
      const chunk = next.value;
      for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
        yield { Records: { Payload: chunk.subarray(at, at + SLICE_BYTES) } };
      }
    }
  } catch (error) {
    const e = error as { code?: string; message?: string };
    throw e.code ? streamError(e.code, e.message ?? e.code) : error;
  }
  const s = stats();
  yield {
    Stats: {
      Details: {
        BytesScanned: s.bytesScanned,
        BytesProcessed: s.bytesProcessed,
        BytesReturned: s.bytesReturned,
      },
    },
  };
  yield { End: {} };
}

/** Adds the shim to a client (after any call recorder, so recorders still see each SelectObjectContent). */
export function addSelectShim(client: S3Client, objects: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SelectObjectContentCommand') return next(args);
      const input = args.input as SelectObjectContentCommandInput;
      const object = await objects.send(new GetObjectCommand({ Bucket: input.Bucket, Key: input.Key }));
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      let result: ReturnType<typeof select>;
      let records: AsyncIterator<Uint8Array>;
      let first: IteratorResult<Uint8Array>;
      try {
        result = select({
          expression: input.Expression ?? '',
          input: bytes,
          objectSize: bytes.length,
          inputSerialization: input.InputSerialization as Parameters<typeof select>[0]['inputSerialization'],
          outputSerialization: input.OutputSerialization as Parameters<
            typeof select
          >[0]['outputSerialization'],
          ...(input.ScanRange ? { scanRange: input.ScanRange } : {}),
        });
        records = result.records[Symbol.asyncIterator]();
        first = await records.next();
      } catch (error) {
        const e = error as { code?: string; message?: string };
        throw e.code ? awsError(e.code, e.message ?? e.code) : error;
      }
      return {
        output: { $metadata: { httpStatusCode: 200 }, Payload: events(first, records, result.stats) },
        response: {},
      } as Awaited<ReturnType<typeof next>>;
    },
    { step: 'initialize', priority: 'low', name: 'cloudlabSelectShim' },
  );
}

/** Turns the shim on for this test file when the target has no S3 Select, and adds it to `clients`. */
export async function useShimIfNeeded(s3: S3Client, bucket: string, objects: S3Client): Promise<void> {
  if (await targetOffersSelect(s3, bucket)) return;
  shimActive = true;
  addSelectShim(s3, objects);
}
