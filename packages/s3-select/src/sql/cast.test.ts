import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import { MISSING, Timestamp } from '../values.ts';
import { castFunction } from './cast.ts';
import { parseNumber } from './coerce.ts';

describe('castFunction', () => {
  it('passes NULL and MISSING through every type', () => {
    for (const type of ['INT', 'FLOAT', 'DECIMAL', 'STRING', 'BOOL', 'TIMESTAMP'] as const) {
      expect(castFunction(type)(null)).toBeNull();
      expect(castFunction(type)(MISSING)).toBe(MISSING);
    }
  });

  it('reads integers with signs and surrounding spaces, and truncates decimals', () => {
    const toInt = castFunction('INT');
    expect(toInt(' -42 ')).toBe(-42);
    expect(toInt('12.9')).toBe(12);
    expect(toInt(-3.7)).toBe(-3);
    expect(toInt(true)).toBe(1);
  });

  it('fails INT casts beyond the signed 64-bit range with IntegerOverflow', () => {
    expect(() => castFunction('INT')('99999999999999999999')).toThrow(/outside the range of INT/);
    expect(castFunction('INT')('9007199254740991')).toBe(9007199254740991);
  });

  it.each(['', 'abc', '0x1F', '1,000', '--1'])('fails CAST(%j AS FLOAT) with CastFailed', (text) => {
    expect(() => castFunction('FLOAT')(text)).toThrow(SelectError);
    try {
      castFunction('FLOAT')(text);
    } catch (e) {
      expect((e as SelectError).code).toBe('CastFailed');
    }
  });

  it('reads BOOL from true/false text in any case and from numbers', () => {
    const toBool = castFunction('BOOL');
    expect([toBool('TRUE'), toBool('false'), toBool(0), toBool(2)]).toEqual([true, false, false, true]);
    expect(() => toBool('yes')).toThrow(/not a valid BOOL/);
  });

  it('renders values as STRING the way the CSV writer would', () => {
    const asString = castFunction('STRING');
    expect([asString(1.5), asString(true), asString('x')]).toEqual(['1.5', 'true', 'x']);
  });

  it('reads TIMESTAMP from Ion text and keeps its precision', () => {
    const ts = castFunction('TIMESTAMP')('2007-04-05T14:30Z');
    expect(ts).toBeInstanceOf(Timestamp);
    expect(String(ts)).toBe('2007-04-05T14:30Z');
  });
});

describe('parseNumber', () => {
  it('accepts decimal and exponent notation and the special float names', () => {
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber(' .5')).toBe(0.5);
    expect(parseNumber('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseNumber('NaN')).toBeNaN();
  });

  it('reads plain decimal text to the same double as Number()', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < 20_000; i++) {
      const scale = next() % 7;
      const text = `${next() % 2 ? '-' : ''}${next() % 10_000_000}${scale ? `.${String(next() % 10 ** scale).padStart(scale, '0')}` : ''}`;
      expect(Object.is(parseNumber(text), Number(text))).toBe(true);
    }
  });

  it('rejects blank text and hex, octal or binary literals that Number() would accept', () => {
    for (const text of ['', '   ', '0x10', '0o7', '0b1', 'Infinityx'])
      expect(parseNumber(text)).toBeUndefined();
  });
});
