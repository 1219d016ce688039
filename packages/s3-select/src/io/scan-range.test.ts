import { describe, expect, it } from 'vitest';
import { sliceScanRange } from './scan-range.ts';

async function slice(
  data: string,
  start: number,
  end: number,
  options: { delimiter?: string; header?: boolean; chunk?: number } = {},
) {
  const bytes = Buffer.from(data);
  const size = options.chunk ?? 3;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  let out = '';
  const sliced = sliceScanRange(chunks(), {
    start,
    end,
    recordDelimiter: options.delimiter ?? '\n',
    keepFirstRecord: options.header ?? false,
  });
  for await (const c of sliced) out += Buffer.from(c).toString();
  return out;
}

/** Records whose first byte lies in [start, end], each with its delimiter — the rule written out naively. */
function expected(data: string, start: number, end: number, delimiter = '\n'): string {
  let out = '';
  let at = 0;
  for (const record of data.split(delimiter)) {
    const withDelimiter = at + record.length < data.length ? record + delimiter : record;
    if (at >= start && at <= end) out += withDelimiter;
    at += record.length + delimiter.length;
  }
  return out;
}

describe('sliceScanRange', () => {
  it('passes exactly the records whose first byte is in the range, for every range and chunk size', async () => {
    const data = 'alpha\nbe\nc\n\ndelta-long\ne';
    for (const chunk of [1, 2, 5, 64]) {
      for (let start = 0; start < data.length; start++) {
        for (let end = start; end < data.length + 2; end++) {
          expect(await slice(data, start, end, { chunk })).toBe(expected(data, start, end));
        }
      }
    }
  });

  it('splits a file into adjacent ranges that together return every record once', async () => {
    const data = Array.from({ length: 50 }, (_, i) => `row-${i},${'x'.repeat(i % 7)}`).join('\n');
    let whole = '';
    for (let start = 0; start < data.length; start += 37) whole += await slice(data, start, start + 36);
    expect(whole).toBe(data);
  });

  it('works with a two-character record delimiter', async () => {
    const data = 'a1\r\nb22\r\nc333\r\n';
    expect(await slice(data, 1, 5, { delimiter: '\r\n' })).toBe('b22\r\n');
    expect(await slice(data, 0, 0, { delimiter: '\r\n' })).toBe('a1\r\n');
  });

  it('keeps the header line in front of a range that starts after it', async () => {
    expect(await slice('h1,h2\n1,2\n3,4\n', 7, 100, { header: true })).toBe('h1,h2\n3,4\n');
    expect(await slice('h1,h2\n1,2\n3,4\n', 6, 6, { header: true })).toBe('h1,h2\n1,2\n');
  });
});
