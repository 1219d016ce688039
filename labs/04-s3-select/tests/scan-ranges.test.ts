import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { FIXTURES } from '@lab/formats.ts';
import { parallelSelect, scanRanges } from '@lab/scan-ranges.ts';
import { selectRecords } from '@lab/select-records.ts';
import { beforeAll, expect } from 'vitest';
import { fixtureTrips, recordCalls, rejection, testS3, useLabBucket } from './support/s3.ts';

const exercise = 5;
const bucket = useLabBucket('ranges');
const KEY = 'trips-large.jsonl';
let size = 0;

beforeAll(async () => {
  // 6,000 trips (about 800 KB): the fixture five times over, with fresh ids — six ranges of ~135 KB, each
  // boundary inside a record. Larger objects prove nothing more and cost seconds of select per run.
  const trips = await fixtureTrips();
  const lines: string[] = [];
  for (let copy = 0; copy < 5; copy++) {
    for (const trip of trips)
      lines.push(JSON.stringify({ ...trip, trip_id: copy * trips.length + trip.trip_id }));
  }
  const body = Buffer.from(`${lines.join('\n')}\n`);
  size = body.length;
  await bucket.s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: KEY, Body: body }));
}, 60_000);

check(
  'scanRanges splits an object into contiguous inclusive ranges that cover every byte once',
  {
    points: 3,
    exercise,
    concept: 'ScanRange',
    hint: [
      'Range i starts at floor(i × size / parts) and ends one byte before range i + 1 starts: End is inclusive.',
      'Never make more ranges than bytes.',
    ],
  },
  () => {
    expect(
      scanRanges(100, 4),
      'scanRanges(100, 4): End is inclusive, so each range ends one byte before the next starts, and the last at byte 99 (size − 1)',
    ).toEqual([
      { start: 0, end: 24 },
      { start: 25, end: 49 },
      { start: 50, end: 74 },
      { start: 75, end: 99 },
    ]);
    const ranges = scanRanges(1_000_003, 7);
    expect(ranges, 'ranges scanRanges(1_000_003, 7) returns').toHaveLength(7);
    expect(ranges[0]?.start, 'the first range starts at byte').toBe(0);
    expect(ranges.at(-1)?.end, 'the last range ends at the last byte (End is inclusive), byte').toBe(
      1_000_002,
    );
    for (let i = 1; i < ranges.length; i++)
      expect(ranges[i]?.start, `range ${i} starts one byte after range ${i - 1} ends, at byte`).toBe(
        (ranges[i - 1]?.end ?? 0) + 1,
      );
    expect(scanRanges(2, 5), 'ranges of a 2-byte object split 5 ways (no empty range)').toHaveLength(2);
  },
);

/**
 * Answers the ranges' SelectObjectContent last range first, so results collected in completion order come
 * out reversed; counts how many requests were in flight at once. The order is forced, not timed: each answer
 * is handed over only once the next range's answer has been read to its end (a delay per range let a loaded
 * machine finish them in range order by chance). A learner can wait for an answer held here before doing
 * anything more — one who queries one range at a time, or reads the payloads only once every answer is in: so
 * once nothing moves (no command of this client awaits the endpoint, no answer is being handed over, no
 * payload is being read) the held answers are handed over, the last range first, which still reverses
 * completion order. That is a wait on progress, not on a clock: a loaded machine only slows it.
 */
function answerLastRangeFirst(client: S3Client, size: number, parts: number) {
  const stats = { inFlight: 0, maxInFlight: 0 };
  const readToEnd = Array.from({ length: parts }, () => settleable());
  // A list, not a map by rank: requests whose ranges are wrong (no Start, the same Start) share a rank, and each
  // must still be handed over.
  const held: { rank: number; settle: () => void }[] = [];
  let moving = 0;
  let checkQueued = false;
  /** After this turn's callbacks and microtasks: when nothing moves, nothing will until an answer is handed over. */
  const whenStill = () => {
    if (checkQueued) return;
    checkQueued = true;
    setImmediate(() => {
      checkQueued = false;
      if (moving > 0) return;
      for (const { settle } of held.splice(0).sort((a, b) => b.rank - a.rank)) settle();
    });
  };
  const busy = async <T>(work: Promise<T>): Promise<T> => {
    moving++;
    try {
      return await work;
    } finally {
      moving--;
      whenStill();
    }
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SelectObjectContentCommand') return busy(next(args));
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      const start = (args.input as { ScanRange?: { Start?: number } }).ScanRange?.Start ?? 0;
      // Rounded: a range starts at floor(i × size / parts), a little before i × size / parts.
      const rank = Math.min(parts - 1, Math.round((start * parts) / size));
      try {
        const answer = await busy(next(args));
        const nextRange = readToEnd[rank + 1];
        if (nextRange) {
          const released = { rank, ...settleable() };
          held.push(released);
          whenStill();
          await Promise.race([nextRange.promise, released.promise]);
          const at = held.indexOf(released);
          if (at >= 0) held.splice(at, 1);
        }
        // A timer, not a microtask: whatever the learner does once the next range is read (push its records)
        // happens before this range's answer is handed over.
        await busy(sleep(5));
        const output = answer.output as { Payload?: AsyncIterable<unknown> };
        if (output.Payload) output.Payload = settleWhenRead(output.Payload, readToEnd[rank]!.settle, busy);
        else readToEnd[rank]!.settle();
        return answer;
      } catch (error) {
        readToEnd[rank]!.settle();
        throw error;
      } finally {
        stats.inFlight--;
      }
    },
    { step: 'initialize', name: 'cloudlabAnswerLastRangeFirst' },
  );
  return stats;
}

/** A promise and the function that resolves it (Promise.withResolvers needs Node 22). */
function settleable(): { promise: Promise<void>; settle: () => void } {
  let settle = () => {};
  const promise = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { promise, settle };
}

/**
 * The same events; `settle` runs once the reader is done with them (read to the end, or stopped early), and
 * each read of the next event is `busy` while it waits.
 */
async function* settleWhenRead<T>(
  events: AsyncIterable<T>,
  settle: () => void,
  busy: <R>(work: Promise<R>) => Promise<R>,
): AsyncGenerator<T> {
  const iterator = events[Symbol.asyncIterator]();
  let ended = false;
  try {
    while (true) {
      ended = true; // a read that throws ends the stream too
      const step = await busy(iterator.next());
      ended = Boolean(step.done);
      if (step.done) return;
      yield step.value;
    }
  } finally {
    try {
      // Stopped early (a break, a throw in the reader's loop): the stream is closed, as `yield*` would.
      if (!ended) await iterator.return?.();
    } finally {
      settle();
    }
  }
}

check(
  'parallelSelect queries 6 ScanRanges at once and returns exactly what one whole-object query returns',
  {
    points: 6,
    exercise,
    concept: 'ScanRange',
    timeoutMs: 60_000,
    hint: [
      'HeadObjectCommand gives ContentLength; scanRanges(size, parts) gives the ranges.',
      'Run selectRecords(s3, { ...query, scanRange }) for every range inside Promise.all — all six requests in flight together, not one after another.',
      "Merge in range order, not in the order the answers arrive: Promise.all's result array is in the order of its input, whatever finishes first.",
      'S3 returns a record from the range its first byte is in: do not trim or deduplicate anything yourself.',
      "stats adds up the ranges' Stats: scanned, processed and returned of all six.",
    ],
  },
  async () => {
    const query = {
      bucket: bucket.name,
      key: KEY,
      sql: "SELECT s.trip_id, s.fare FROM S3Object s WHERE s.vendor = 'citygo' AND s.passengers > 2",
      input: FIXTURES.jsonl.input,
    };
    const whole = await selectRecords(bucket.s3, query);
    const client = testS3();
    const calls = recordCalls(client);
    const timing = answerLastRangeFirst(client, size, 6);
    const given = structuredClone(query);
    const parallel = await parallelSelect(client, query, 6);
    expect(
      query,
      "the caller's query after parallelSelect: unchanged — give each request its own { ...query, scanRange }; a scanRange left on the caller's query makes its next run read one range only",
    ).toEqual(given);
    expect(whole.records.length, 'records of the whole-object query').toBeGreaterThan(500);
    expect(
      timing.maxInFlight,
      'SelectObjectContent requests in flight at the same time (the chapter: query the ranges at once, with Promise.all)',
    ).toBe(6);
    const selects = (calls.get('SelectObjectContentCommand') ?? []) as {
      ScanRange?: { Start?: number; End?: number };
    }[];
    expect(
      selects.map((s) => s.ScanRange),
      "each request's ScanRange: { Start, End } (capitalised, as every AWS shape) of one range of scanRanges(size, 6) — a ScanRange S3 cannot read makes every range scan the whole object",
    ).toEqual(scanRanges(size, 6).map((r) => ({ Start: r.start, End: r.end })));
    expect(
      calls.get('GetObjectCommand') ?? [],
      'GetObject calls: HeadObject gives the size (ContentLength) without a body — a GetObject starts downloading the very object S3 Select spares you',
    ).toEqual([]);
    expect(parallel.records.length, 'records from the six ranges together').toBe(whole.records.length);
    expect(
      parallel.records.map((r) => r.trip_id),
      'trip_ids in the order parallelSelect returns them — the check answers the last range first, and the chapter asks for range order',
    ).toEqual(whole.records.map((r) => r.trip_id));
    expect(parallel.records).toEqual(whole.records);
    expect(
      parallel.stats?.returned,
      "stats.returned: the six ranges' BytesReturned added up — the same records, so the same bytes as one query",
    ).toBe(whole.stats?.returned);
    expect(
      parallel.stats?.scanned,
      "stats.scanned: the six ranges' BytesScanned added up — every byte of the object at least once",
    ).toBeGreaterThanOrEqual(size);
    expect(
      parallel.stats?.processed,
      "stats.processed: the six ranges' BytesProcessed added up — every record was processed by one range",
    ).toBeGreaterThanOrEqual(size);
    expect(selects, 'SelectObjectContent requests parallelSelect made for 6 ranges').toHaveLength(6);
  },
);

check(
  "parallelSelect fails when one range fails, rather than return the other ranges' records as the answer",
  {
    points: 2,
    exercise,
    hint: [
      'A range that failed leaves a gap in the middle of the answer: let its error through — Promise.all rejects with it.',
      'Promise.allSettled, or a catch that skips a range, returns part of the object as if it were all of it.',
    ],
  },
  async () => {
    const client = testS3();
    // The third range's request fails as S3 does now and then (500 InternalError, worth a retry by the caller).
    let selects = 0;
    const failed = new S3ServiceException({
      name: 'InternalError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
      message: 'We encountered an internal error. Please try again.',
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SelectObjectContentCommand' && ++selects === 3) throw failed;
        return next(args);
      },
      { step: 'initialize', name: 'cloudlabFailThirdRange' },
    );
    const error = await rejection(
      parallelSelect(
        client,
        {
          bucket: bucket.name,
          key: KEY,
          sql: 'SELECT s.trip_id FROM S3Object s LIMIT 1',
          input: FIXTURES.jsonl.input,
        },
        6,
      ),
      'one of the six ranges failed, so the records of the other five are not the whole answer',
    );
    expect(error, "what parallelSelect throws when a range's request fails: that range's error").toBe(failed);
  },
);
