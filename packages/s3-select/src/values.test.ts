import { describe, expect, it } from 'vitest';
import { MISSING, renderCsvValue, Timestamp, toJsonValue } from './values.ts';

describe('renderCsvValue', () => {
  it('renders NULL and MISSING as an empty field', () => {
    expect(renderCsvValue(null)).toBe('');
    expect(renderCsvValue(MISSING)).toBe('');
  });

  it('renders numbers, booleans and timestamps as text', () => {
    expect(renderCsvValue(42)).toBe('42');
    expect(renderCsvValue(2.5)).toBe('2.5');
    expect(renderCsvValue(false)).toBe('false');
    expect(renderCsvValue(new Timestamp(2007, 4, 5, 14, 30, 0, '', 0, 'minute'))).toBe('2007-04-05T14:30Z');
  });

  it('renders lists and structs as JSON text without MISSING members', () => {
    expect(renderCsvValue({ a: 1, b: MISSING, c: [1, 'x'] })).toBe('{"a":1,"c":[1,"x"]}');
  });
});

describe('toJsonValue', () => {
  it('returns undefined for MISSING so the writer omits the field', () => {
    expect(toJsonValue(MISSING)).toBeUndefined();
    expect(toJsonValue(null)).toBeNull();
  });

  it('turns timestamps into their Ion text and MISSING list items into null', () => {
    const t = new Timestamp(2007, 1, 1, 0, 0, 0, '', null, 'year');
    expect(toJsonValue([t, MISSING])).toEqual(['2007T', null]);
  });
});
