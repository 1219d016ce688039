import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseRegion } from './region.ts';
import { isolateEnvironment } from './test-support.ts';

describe('chooseRegion', () => {
  let sandbox: ReturnType<typeof isolateEnvironment>;
  beforeEach(() => {
    sandbox = isolateEnvironment();
  });
  afterEach(() => sandbox.restore());

  it('takes the option first, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.AWS_DEFAULT_REGION = 'eu-central-1';
    expect(chooseRegion({ region: 'ap-south-1', profile: 'default', target: 'aws' })).toEqual({
      region: 'ap-south-1',
      source: 'option',
    });
    expect(chooseRegion({ profile: 'default', target: 'aws' })).toEqual({
      region: 'eu-west-1',
      source: 'env:AWS_REGION',
    });
    delete process.env.AWS_REGION;
    expect(chooseRegion({ profile: 'default', target: 'aws' }).source).toBe('env:AWS_DEFAULT_REGION');
  });

  it("reads the profile's region from ~/.aws/config", () => {
    sandbox.writeAws('config', '[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-north-1\n');
    expect(chooseRegion({ profile: 'dev', target: 'aws' })).toEqual({
      region: 'eu-north-1',
      source: 'profile',
    });
    expect(chooseRegion({ profile: 'default', target: 'aws' }).region).toBe('us-west-2');
  });

  it('defaults to us-east-1 for local targets', () => {
    expect(chooseRegion({ profile: 'default', target: 'emulator' })).toEqual({
      region: 'us-east-1',
      source: 'default',
    });
  });

  it('names the three ways to set a region when real AWS has none', () => {
    expect(() => chooseRegion({ profile: 'default', target: 'aws' })).toThrow(
      /NoRegion: .*--region.*AWS_REGION.*~\/\.aws\/config/,
    );
  });
});
