import { readFileSync } from 'node:fs';
import { buildSync } from 'esbuild';

/**
 * The names an ES module entry exports, read by esbuild without bundling (its metafile lists them), or
 * undefined when that cannot be known offline: CommonJS (`exports.handler = …`), `export * from`, or a file
 * esbuild cannot parse (the build reports that one with its line and column).
 */
export function moduleExports(file: string): string[] | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (/\bexport\s*\*/.test(source)) return undefined;
  try {
    const { metafile } = buildSync({
      entryPoints: [file],
      bundle: false,
      write: false,
      metafile: true,
      format: 'esm',
      outdir: 'out',
      platform: 'node',
      logLevel: 'silent',
    });
    const input = Object.values(metafile.inputs)[0];
    if (input?.format !== 'esm') return undefined;
    return Object.values(metafile.outputs).find((o) => o.entryPoint)?.exports ?? [];
  } catch {
    return undefined;
  }
}
