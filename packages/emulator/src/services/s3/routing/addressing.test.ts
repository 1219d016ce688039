import { describe, expect, it } from 'vitest';
import { resolveAddress } from './addressing.ts';

describe('resolveAddress', () => {
  it.each([
    ['127.0.0.1:4566', '/', { bucket: '', key: '', style: 'path' }],
    ['127.0.0.1:4566', '/my-bucket', { bucket: 'my-bucket', key: '', style: 'path' }],
    [
      '127.0.0.1:4566',
      '/my-bucket/a/b.txt?x-id=GetObject',
      { bucket: 'my-bucket', key: 'a/b.txt', style: 'path' },
    ],
    ['localhost:4566', '/my-bucket/k', { bucket: 'my-bucket', key: 'k', style: 'path' }],
    ['[::1]:4566', '/b/k', { bucket: 'b', key: 'k', style: 'path' }],
    [
      'my-bucket.localhost:4566',
      '/a/b.txt',
      { bucket: 'my-bucket', key: 'a/b.txt', style: 'virtual-hosted' },
    ],
    [
      'my.dotted.bucket.s3.localhost',
      '/k',
      { bucket: 'my.dotted.bucket', key: 'k', style: 'virtual-hosted' },
    ],
    ['my-bucket.localhost:4566', '/', { bucket: 'my-bucket', key: '', style: 'virtual-hosted' }],
  ])('reads %s %s', (host, path, expected) => {
    expect(resolveAddress(host, path)).toEqual(expected);
  });

  it('decodes the key from the raw path, keeping `..` segments and encoded slashes as key text', () => {
    expect(resolveAddress('127.0.0.1', '/b/..%2Fx/%E2%9C%93%20y').key).toBe('../x/✓ y');
    expect(resolveAddress('127.0.0.1', '/b/../../etc').key).toBe('../../etc');
  });
});
