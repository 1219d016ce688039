import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildFunctions } from './build-functions.ts';
import { SamError } from './sam-error.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api');

/** A copy of the fixture app inside this package, so its imports resolve from this package's node_modules. */
function copyFixture(): string {
  const dir = mkdtempSync(join(import.meta.dirname, '..', 'fixtures', '.tmp-build-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('buildFunctions', () => {
  it('bundles the handler with esbuild into a zip holding app.js that exports the handler', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'cloudlab-build-'));
    const [built] = await buildFunctions(join(FIXTURE, 'template.yaml'), { outDir });
    expect(built?.logicalId).toBe('ConfigFunction');
    const files = unzipSync(built!.zip);
    expect(Object.keys(files)).toEqual(['app.js']);
    const code = new TextDecoder().decode(files['app.js']);
    // Bundled: the SDK is inside, no require of @aws-sdk left for the runtime to find.
    expect(code).not.toMatch(/require\(["']@aws-sdk\/client-ssm["']\)/);
    expect(code).toContain('GetParameterCommand');
    const mod = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', code)(mod, mod.exports, createRequire(import.meta.url));
    expect(typeof mod.exports.handler).toBe('function');
  });

  it('produces the same zip for the same code, so an unchanged bundle keeps its S3 key', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'cloudlab-build-'));
    const [a] = await buildFunctions(join(FIXTURE, 'template.yaml'), { outDir });
    const [b] = await buildFunctions(join(FIXTURE, 'template.yaml'), { outDir });
    expect(a!.sha256).toBe(b!.sha256);
  });

  it('names a missing handler file', async () => {
    const dir = copyFixture();
    try {
      const template = join(dir, 'template.yaml');
      writeFileSync(template, readFileSync(template, 'utf8').replace('- app.ts', '- nope.ts'));
      await expect(buildFunctions(template)).rejects.toMatchObject({
        code: 'HandlerNotFound',
        message: expect.stringContaining('nope.ts'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a compile error with its file, line and column', async () => {
    const dir = copyFixture();
    try {
      writeFileSync(join(dir, 'src', 'app.ts'), 'export const handler = async () => {\n  return 1 +;\n};\n');
      const error = await buildFunctions(join(dir, 'template.yaml')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SamError);
      expect((error as SamError).message).toMatch(/app\.ts:2:\d+: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
