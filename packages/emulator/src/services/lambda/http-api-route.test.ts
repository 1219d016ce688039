import { describe, expect, it } from 'vitest';
import { matchRoute } from './http-api-route.ts';
import type { HttpApi } from './lambda-state.ts';

const api: HttpApi = {
  apiId: 'abc',
  accountId: '123456789012',
  region: 'us-east-1',
  routes: [
    { method: 'get', path: '/config/{name}', functionArn: 'byName' },
    { method: 'get', path: '/config/all', functionArn: 'literal' },
    { method: 'any', path: '/config/{name}', functionArn: 'anyMethod' },
    { method: 'get', path: '/files/{proxy+}', functionArn: 'greedy' },
    { method: 'any', path: '$default', functionArn: 'fallback' },
  ],
};

describe('matchRoute (HTTP API route selection)', () => {
  it('extracts path parameters, decoded', () => {
    const match = matchRoute(api, 'GET', '/config/hello%20world');
    expect(match?.route.functionArn).toBe('byName');
    expect(match?.params).toEqual({ name: 'hello world' });
  });

  it('prefers a literal path, then an exact method over ANY', () => {
    expect(matchRoute(api, 'GET', '/config/all')?.route.functionArn).toBe('literal');
    expect(matchRoute(api, 'POST', '/config/x')?.route.functionArn).toBe('anyMethod');
  });

  it('lets {proxy+} take the rest of the path and $default catch everything else', () => {
    expect(matchRoute(api, 'GET', '/files/a/b.txt')?.params).toEqual({ proxy: 'a/b.txt' });
    expect(matchRoute(api, 'DELETE', '/nowhere')?.route.functionArn).toBe('fallback');
  });
});
