import { describe, expect, it } from 'vitest';
import { chooseTarget } from './target.ts';

describe('chooseTarget', () => {
  it('defaults to the embedded emulator when nothing is set', () => {
    expect(chooseTarget({}, {})).toEqual({ target: 'emulator', source: 'default' });
  });

  it('picks target endpoint from --endpoint or AWS_ENDPOINT_URL', () => {
    expect(chooseTarget({ endpoint: 'http://127.0.0.1:4566/' }, {})).toMatchObject({
      target: 'endpoint',
      endpoint: 'http://127.0.0.1:4566',
    });
    expect(chooseTarget({}, { AWS_ENDPOINT_URL: 'http://localhost:5000' })).toMatchObject({
      target: 'endpoint',
      endpoint: 'http://localhost:5000',
    });
  });

  it('reuses an emulator already running at AWS_ENDPOINT_URL when CLOUDLAB_TARGET is emulator', () => {
    expect(
      chooseTarget({}, { CLOUDLAB_TARGET: 'emulator', AWS_ENDPOINT_URL: 'http://127.0.0.1:9999' }),
    ).toEqual({ target: 'emulator', endpoint: 'http://127.0.0.1:9999', source: 'env:CLOUDLAB_TARGET' });
  });

  it('lets the option win over CLOUDLAB_TARGET', () => {
    expect(chooseTarget({ target: 'aws' }, { CLOUDLAB_TARGET: 'emulator' }).target).toBe('aws');
  });

  it('rejects an unknown target with the list of valid ones', () => {
    expect(() => chooseTarget({ target: 'localstack' }, {})).toThrow(
      /^UnknownTarget: unknown target "localstack" — use one of emulator, endpoint, aws/,
    );
    expect(() => chooseTarget({}, { CLOUDLAB_TARGET: 'prod' })).toThrow(/UnknownTarget/);
  });

  it('rejects a malformed endpoint URL and shows a valid example', () => {
    expect(() => chooseTarget({ endpoint: 'localhost:4566' }, {})).toThrow(
      /InvalidEndpoint: .*http:\/\/127\.0\.0\.1:4566/,
    );
    expect(() => chooseTarget({ endpoint: 'not a url' }, {})).toThrow(
      /InvalidEndpoint: "not a url" is not a URL/,
    );
  });

  it('refuses target aws while an endpoint is set, because the SDK would send calls there', () => {
    expect(() => chooseTarget({ target: 'aws' }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })).toThrow(
      /ConflictingTarget/,
    );
  });

  it('asks for a URL when target endpoint has none', () => {
    expect(() => chooseTarget({ target: 'endpoint' }, {})).toThrow(/MissingEndpoint: .*--endpoint/);
  });
});
