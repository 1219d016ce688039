/**
 * S3's ScanRange rule at the byte level: "a record is processed when its first byte is contained by the range"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ScanRange.html). Records are line-based here (CSV without
 * quoted record delimiters, JSON LINES), and a record delimiter is ASCII, which never occurs inside a multi-byte
 * UTF-8 sequence — so boundaries can be found on raw bytes before decoding.
 */
export interface ByteRange {
  /** First byte of the range, inclusive. */
  start: number;
  /** Last byte of the range, inclusive. */
  end: number;
}

export interface ScanRangeOptions extends ByteRange {
  /** The record delimiter, "\n", "\r\n" or any one ASCII character. */
  recordDelimiter: string;
  /** Also pass the file's first record (a CSV header line) when the range starts after it. */
  keepFirstRecord: boolean;
  /** Absolute offset of the first byte of `chunks` (a file source starts reading near the range). */
  offset?: number;
}

/**
 * Passes through exactly the bytes of the records that start within [start, end]: it drops the tail of the
 * record that straddles `start` and completes the record that straddles `end`.
 */
export async function* sliceScanRange(
  chunks: AsyncIterable<Uint8Array>,
  options: ScanRangeOptions,
): AsyncGenerator<Uint8Array> {
  const last = options.recordDelimiter.charCodeAt(options.recordDelimiter.length - 1);
  const first = options.recordDelimiter.length === 2 ? options.recordDelimiter.charCodeAt(0) : -1;
  const { start, end } = options;
  // Records begin right after a delimiter whose last byte sits at `start - 1` or later.
  let emitting = start === 0;
  let inFirstRecord = options.keepFirstRecord && start > 0 && (options.offset ?? 0) === 0;
  let pos = options.offset ?? 0;
  let previous = -1;

  for await (const chunk of chunks) {
    let from = 0;
    // Only record boundaries change the state: jump from one delimiter byte to the next with indexOf (native,
    // 10-35× faster than testing every byte in JavaScript: six ranges over a 2 MB CSV, 350-560 -> 10-80 ms).
    for (let i = chunk.indexOf(last); i !== -1; i = chunk.indexOf(last, i + 1)) {
      const prev = i > 0 ? (chunk[i - 1] as number) : previous;
      if (first !== -1 && prev !== first) continue;
      const at = pos + i;
      if (inFirstRecord) {
        inFirstRecord = false;
        yield chunk.subarray(from, i + 1);
        from = i + 1;
        if (at >= start - 1) {
          if (at + 1 > end) return;
          emitting = true;
        }
        continue;
      }
      if (!emitting) {
        if (at >= start - 1) {
          // The first record in range starts at at + 1; none does when that is past the end.
          if (at + 1 > end) return;
          emitting = true;
          from = i + 1;
        }
        continue;
      }
      if (at >= end) {
        if (i + 1 > from) yield chunk.subarray(from, i + 1);
        return;
      }
    }
    if ((emitting || inFirstRecord) && from < chunk.length) yield chunk.subarray(from);
    previous = chunk.length > 0 ? (chunk[chunk.length - 1] as number) : previous;
    pos += chunk.length;
  }
}
