import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseTemplate } from '@cloudlab/cfn-templates';
import { build } from 'esbuild';
import { unzipSync } from 'fflate';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { buildFunctions, zipDirectory } from './build-functions.ts';
import { SamError } from './sam-error.ts';

// Counts the bundles esbuild really makes, to tell a cached build from a fresh one.
vi.mock('esbuild', async (importOriginal) => {
  const esbuild = await importOriginal<typeof import('esbuild')>();
  return { ...esbuild, build: vi.fn(esbuild.build) };
});

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'config-api');

/** A copy of the fixture app inside this package, so its imports resolve from this package's node_modules. */
function copyFixture(): string {
  const dir = mkdtempSync(join(import.meta.dirname, '..', 'fixtures', '.tmp-build-'));
  // mkdtemp makes it 0700; the batch's sandbox tests walk this repository as another uid at the same time.
  chmodSync(dir, 0o755);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** A folder for one test's build, removed when the test ends, whether it passed or failed. */
function buildFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudlab-build-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('buildFunctions', () => {
  it('bundles the handler with esbuild into a zip holding app.js that exports the handler', async () => {
    const outDir = buildFolder();
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

  it('writes template.yaml beside the function folders, its CodeUri pointing at the bundle as `sam build` does', async () => {
    const outDir = buildFolder();
    await buildFunctions(join(FIXTURE, 'template.yaml'), { outDir });
    const built = parseTemplate(readFileSync(join(outDir, 'template.yaml'), 'utf8')).template as {
      Resources: Record<string, { Properties: Record<string, unknown>; Metadata: Record<string, unknown> }>;
      Outputs: Record<string, { Value: unknown }>;
    };
    const fn = built.Resources.ConfigFunction!;
    expect(fn.Properties.CodeUri).toBe('ConfigFunction');
    expect(readdirSync(join(outDir, String(fn.Properties.CodeUri)))).toEqual(['app.js']);
    expect(fn.Properties.Handler).toBe('app.handler');
    expect(fn.Metadata).toMatchObject({ BuildMethod: 'esbuild', SamResourceId: 'ConfigFunction' });
    // Intrinsics survive, in their long form.
    expect(fn.Properties.Environment).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax
      Variables: { CONFIG_PATH: { 'Fn::Sub': '/cloudlab/${Learner}/05' } },
    });
    expect(built.Outputs.ConfigFunctionName!.Value).toEqual({ Ref: 'ConfigFunction' });
  });

  it('with Sourcemap, writes app.js.map and turns source maps on in the built template, as `sam build` does', async () => {
    const dir = copyFixture();
    try {
      const template = join(dir, 'template.yaml');
      writeFileSync(template, readFileSync(template, 'utf8').replace('Minify: true', 'Sourcemap: true'));
      await buildFunctions(template);
      const outDir = join(dir, '.aws-sam', 'build');
      expect(readdirSync(join(outDir, 'ConfigFunction')).sort()).toEqual(['app.js', 'app.js.map']);
      const built = parseTemplate(readFileSync(join(outDir, 'template.yaml'), 'utf8')).template as {
        Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>;
      };
      expect(built.Resources.ConfigFunction!.Properties.Environment.Variables.NODE_OPTIONS).toBe(
        '--enable-source-maps',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === 'linux')(
    "stops esbuild's service process once the build is done, and a later build starts it again",
    async () => {
      const esbuildChildren = () =>
        readdirSync('/proc')
          .filter((pid) => /^\d+$/.test(pid))
          .filter((pid) => {
            try {
              const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
              const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
              return (
                parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('esbuild')
              );
            } catch {
              return false; // the process ended while being read
            }
          });
      await build({ stdin: { contents: 'export const a = 1' }, write: false });
      expect(esbuildChildren()).toHaveLength(1);
      const outDir = buildFolder();
      const [built] = await buildFunctions(join(FIXTURE, 'template.yaml'), { outDir });
      expect(built?.zip.length).toBeGreaterThan(0);
      // stop() has killed the child; give the kernel a moment to reap it.
      for (let i = 0; i < 50 && esbuildChildren().length > 0; i++) await sleep(20);
      expect(esbuildChildren()).toEqual([]);
    },
  );

  it("zips the same code to the same bytes whatever its files' times, so an unchanged bundle keeps its S3 key", async () => {
    const outDir = buildFolder();
    const [built] = await buildFunctions(join(FIXTURE, 'template.yaml'), { outDir });
    utimesSync(join(built!.dir, 'app.js'), new Date('2001-02-03'), new Date('2001-02-03'));
    // Buffer.equals: toEqual walks a typed array byte by byte, seconds for a bundle.
    expect(Buffer.from(zipDirectory(built!.dir)).equals(built!.zip)).toBe(true);
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

  it('reuses the last bundle while no file it was built from changed, and rebuilds after any of them changes', async () => {
    const dir = copyFixture();
    const app = join(dir, 'src', 'app.ts');
    const greeting = join(dir, 'src', 'greeting.ts');
    const template = join(dir, 'template.yaml');
    const buildInto = async () =>
      (await buildFunctions(template, { outDir: mkdtempSync(join(dir, 'build-')) }))[0]!;
    const codeOf = (zip: Uint8Array) => new TextDecoder().decode(unzipSync(zip)['app.js']);
    try {
      writeFileSync(
        app,
        "import { greeting } from './greeting';\nexport const handler = async () => greeting;\n",
      );
      writeFileSync(greeting, "export const greeting = 'hello';\n");
      // A file written while a build runs keeps that build out of the cache; these were saved before it.
      await sleep(50);
      const bundles = vi.mocked(build).mock.calls.length;
      const first = await buildInto();
      const second = await buildInto();
      expect(vi.mocked(build).mock.calls.length - bundles).toBe(1);
      expect(second.sha256).toBe(first.sha256);
      expect(readFileSync(join(second.dir, 'app.js'), 'utf8')).toContain('hello');

      writeFileSync(greeting, "export const greeting = 'goodbye';\n");
      const afterImportEdit = await buildInto();
      expect(codeOf(afterImportEdit.zip)).toContain('goodbye');

      writeFileSync(
        app,
        "import { greeting } from './greeting';\nexport const handler = async () => greeting.toUpperCase();\n",
      );
      const afterHandlerEdit = await buildInto();
      expect(afterHandlerEdit.sha256).not.toBe(afterImportEdit.sha256);
      expect(readFileSync(join(afterHandlerEdit.dir, 'app.js'), 'utf8')).toContain('toUpperCase');
      expect(vi.mocked(build).mock.calls.length - bundles).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
