import { describe, expect, it } from 'vitest';
import { explainDifference, firstDifference } from './first-difference.ts';

/** The message a failed assertion ends with once explained, as the check wrapper leaves it. */
function messageOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    explainDifference(error);
    return (error as Error).message.split('\n')[0]!;
  }
  throw new Error('the assertion passed');
}

const config = (region: string, tags: string[]) => ({
  name: 'greeting',
  value: 'hello',
  meta: { region, tags },
  other: 1,
});

describe('a deep-equality failure', () => {
  it('names the field that differs, where Vitest prints two identical-looking cut-off values', () => {
    const message = messageOf(() =>
      expect(config('us-east-1', ['a']), 'the config').toEqual(config('eu-west-1', ['a'])),
    );
    expect(message).toMatch(
      /^the config: at meta\.region: expected "eu-west-1", received "us-east-1" — expected \{/,
    );
  });

  it('names array elements and missing or unexpected fields', () => {
    expect(messageOf(() => expect(config('r', ['a', 'b'])).toEqual(config('r', ['a', 'c'])))).toContain(
      'at meta.tags[1]: expected "c", received "b"',
    );
    expect(messageOf(() => expect({ a: 1 }).toEqual({ a: 1, 'b-c': 2 }))).toContain(
      'at ["b-c"] is missing (expected 2)',
    );
    expect(messageOf(() => expect({ a: 1, b: 2 }).toStrictEqual({ a: 1 }))).toContain(
      'at b is not expected (received 2)',
    );
  });

  it('ignores the extra fields toMatchObject allows, and honours asymmetric matchers', () => {
    expect(
      messageOf(() => expect({ a: 1, b: { c: 'x', d: 4 } }).toMatchObject({ b: { c: expect.any(Number) } })),
    ).toContain('at b.c: expected Any<Number>, received "x"');
    expect(firstDifference({ a: 1, extra: 2 }, { a: 1 }, true)).toBeUndefined();
  });

  it('leaves other failures as Vitest wrote them', () => {
    expect(messageOf(() => expect(4, 'keys listed under photos/').toBe(3))).toBe(
      'keys listed under photos/: expected 4 to be 3 // Object.is equality',
    );
  });
});
