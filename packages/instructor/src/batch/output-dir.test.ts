import { describe, expect, it } from 'vitest';
import { OutputDir, OutsideOutputError } from './output-dir.ts';

describe('OutputDir', () => {
  const out = new OutputDir('/tmp/class-out');

  it('resolves paths inside the output folder', () => {
    expect(out.path('results', 'alice.json')).toBe('/tmp/class-out/results/alice.json');
  });

  it('refuses any path that resolves outside it, or the folder itself', () => {
    expect(() => out.path('results', '../../etc/passwd')).toThrow(OutsideOutputError);
    expect(() => out.path('/etc/passwd')).toThrow(OutsideOutputError);
    expect(() => out.path('.')).toThrow(OutsideOutputError);
    expect(() => out.path('../class-out-sibling/x')).toThrow(OutsideOutputError);
  });
});
