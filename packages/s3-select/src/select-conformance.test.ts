import { describe, expect, it } from 'vitest';
import { conformanceCases } from '../test/conformance/cases.ts';
import { SelectError } from './errors.ts';
import { select } from './select.ts';

/** D1's conformance table, end to end: bytes in chunks → readers → evaluator → writers → bytes. */
async function* chunks(text: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  // An odd chunk size so records and multi-byte characters straddle chunk boundaries.
  for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
}

describe('conformance table through select()', () => {
  for (const c of conformanceCases) {
    it(c.name, async () => {
      let text = '';
      try {
        const result = select({
          expression: c.expression,
          input: chunks(c.data),
          inputSerialization: c.input,
          outputSerialization: c.output,
        });
        for await (const chunk of result.records) text += Buffer.from(chunk).toString();
      } catch (err) {
        if (!(err instanceof SelectError)) throw err;
        expect(err.code).toBe(c.error ?? `no error (got ${err.code}: ${err.message})`);
        return;
      }
      if (c.error !== undefined) expect(`output ${JSON.stringify(text)}`).toBe(`error ${c.error}`);
      expect(text).toBe(c.expected);
    });
  }
});
