import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import { dateAdd, dateDiff, extract, parseTimestamp } from './timestamp.ts';
import { formatTimestamp } from './timestamp-format.ts';

const ts = (text: string) => {
  const t = parseTimestamp(text);
  if (!t) throw new Error(`not a timestamp: ${text}`);
  return t;
};

describe('parseTimestamp', () => {
  it.each([
    '2007T',
    '2007-04T',
    '2007-04-05',
    '2007-04-05T14:30Z',
    '2007-04-05T14:30-00:00',
    '2007-04-05T14:30:15+05:30',
    '2007-02-23T12:14:33.079-08:00',
    '2017-01-02T03:04:05.000006Z',
  ])('prints %s back exactly as written', (text) => {
    expect(ts(text).toString()).toBe(text);
  });

  it('reads a date written with a trailing T as day precision', () => {
    expect(ts('2010-01-01T').toString()).toBe('2010-01-01');
  });

  it.each(['2007', '2007-13T', '2007-02-30', '2007-04-05T25:00Z', '07-04-05', '2007-04-05 14:30Z', ''])(
    'rejects %j',
    (text) => {
      expect(parseTimestamp(text)).toBeUndefined();
    },
  );

  it('orders instants across offsets through epochMs', () => {
    expect(ts('2020-01-01T00:30+01:00').epochMs).toBe(ts('2019-12-31T23:30Z').epochMs);
  });
});

describe('dateAdd', () => {
  it('clamps the day when a month is shorter', () => {
    expect(dateAdd('month', 1, ts('2021-01-31')).toString()).toBe('2021-02-28');
    expect(dateAdd('year', 1, ts('2020-02-29')).toString()).toBe('2021-02-28');
  });

  it('carries across a year boundary when subtracting months', () => {
    expect(dateAdd('month', -2, ts('2021-01T')).toString()).toBe('2020-11T');
  });

  it('adds seconds and keeps the offset and fraction', () => {
    expect(dateAdd('second', 3600, ts('2017-01-02T23:30:00.5+02:00')).toString()).toBe(
      '2017-01-03T00:30:00.5+02:00',
    );
  });

  it('refuses a fractional quantity', () => {
    expect(() => dateAdd('day', 1.5, ts('2017T'))).toThrow(SelectError);
  });
});

describe('dateDiff', () => {
  it('counts only complete months and years', () => {
    expect(dateDiff('month', ts('2010-01-31'), ts('2010-02-28'))).toBe(0);
    expect(dateDiff('month', ts('2010-01-31'), ts('2010-03-01'))).toBe(1);
    expect(dateDiff('year', ts('2010-06-01'), ts('2012-05-31'))).toBe(1);
    expect(dateDiff('year', ts('2012-05-31'), ts('2010-06-01'))).toBe(-1);
  });

  it('counts hours and minutes between instants at different offsets', () => {
    expect(dateDiff('hour', ts('2017-01-01T00:00Z'), ts('2017-01-01T05:00+02:00'))).toBe(3);
    expect(dateDiff('minute', ts('2017-01-01T00:00Z'), ts('2017-01-01T00:59:59Z'))).toBe(59);
  });
});

describe('extract', () => {
  it('includes fractional seconds in SECOND', () => {
    expect(extract('second', ts('2017-01-02T03:04:05.006Z'))).toBe(5.006);
    expect(extract('second', ts('2017-01-02T03:04:05Z'))).toBe(5);
  });

  it('reads negative offsets as negative hours and minutes', () => {
    const t = ts('2017-01-02T03:04:05-07:30');
    expect([extract('timezone_hour', t), extract('timezone_minute', t)]).toEqual([-7, -30]);
  });
});

describe('formatTimestamp', () => {
  const t = ts('1969-07-20T08:05:09.123+08:00');

  it('pads numbers to the symbol width and prints 12-hour clocks', () => {
    expect(formatTimestamp(t, 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('1969-07-20 08:05:09.123');
    expect(formatTimestamp(t, 'h:mm a')).toBe('8:05 AM');
  });

  it('prints offsets in each X and x form', () => {
    expect(formatTimestamp(t, 'X|XX|XXX|x')).toBe('+08|+0800|+08:00|+08');
    expect(formatTimestamp(ts('2000-01-01T00:00Z'), 'X|x')).toBe('Z|+00');
  });

  it("copies quoted text and turns '' into one quote", () => {
    expect(formatTimestamp(t, "'at' H 'o''clock'")).toBe("at 8 o'clock");
  });

  it('refuses an unknown pattern letter', () => {
    expect(() => formatTimestamp(t, 'Q')).toThrowError(/unknown symbol Q/);
  });
});
