import { describe, expect, it } from 'vitest';
import { compareKeys } from '../store/key-order.ts';
import { listPage } from './listing.ts';

describe('S3 key order', () => {
  it('sorts by UTF-8 bytes, so U+FFFD sorts before an emoji (unlike JavaScript string order)', () => {
    const keys = ['😀', '\uFFFD', 'a', 'Z', 'é'];
    expect([...keys].sort(compareKeys)).toEqual(['Z', 'a', 'é', '\uFFFD', '😀']);
    const bytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(compareKeys)).toEqual(bytes);
  });
});

describe('listPage', () => {
  const keys = ['a/1', 'a/2', 'b', 'c/x/1', 'c/y'].sort(compareKeys);

  it('counts a common prefix once and resumes after it', () => {
    const first = listPage({ keys, prefix: '', delimiter: '/', after: '', maxKeys: 1 });
    expect(first).toMatchObject({ keys: [], commonPrefixes: ['a/'], isTruncated: true, last: 'a/' });
    const second = listPage({ keys, prefix: '', delimiter: '/', after: 'a/', maxKeys: 5 });
    expect(second).toMatchObject({ keys: ['b'], commonPrefixes: ['c/'], isTruncated: false });
  });

  it('rolls up below the prefix only', () => {
    expect(listPage({ keys, prefix: 'c/', delimiter: '/', after: '', maxKeys: 10 })).toMatchObject({
      keys: ['c/y'],
      commonPrefixes: ['c/x/'],
    });
  });
});
