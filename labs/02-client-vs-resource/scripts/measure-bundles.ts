// Measures what each S3 client style costs in a bundle: esbuild, minified, for Node, tree-shaken.
//   pnpm --filter @cloudlab/lab-02-client-vs-resource measure-bundles   (or: pnpm exec tsx scripts/measure-bundles.ts)
// Prints both sizes and their ratio; the chapter (README.md, "What a client costs") quotes one run.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ENTRIES = {
  'bare-bones S3Client + 3 commands': `
    import { S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
    export { S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand };`,
  'aggregated S3 client': `
    import { S3 } from '@aws-sdk/client-s3';
    export { S3 };`,
};

async function measure(source: string, mainFields: string[]): Promise<{ bytes: number; gzip: number }> {
  const result = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { bytes: code.byteLength, gzip: gzipSync(code).byteLength };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const sizes: Record<string, { bytes: number; gzip: number }> = {};
// The SDK's ES-module build can be tree-shaken; esbuild's Node default picks the CommonJS build, which cannot.
for (const [name, source] of Object.entries(ENTRIES)) sizes[name] = await measure(source, ['module', 'main']);
sizes['either, from the CommonJS build'] = await measure(ENTRIES['bare-bones S3Client + 3 commands'], [
  'main',
]);
for (const [name, size] of Object.entries(sizes)) {
  console.log(
    `${name.padEnd(36)} ${kib(size.bytes).padStart(9)} minified  ${kib(size.gzip).padStart(8)} gzip`,
  );
}
const [bare, aggregated] = Object.values(sizes);
if (bare && aggregated)
  console.log(`aggregated / bare-bones: ${(aggregated.bytes / bare.bytes).toFixed(2)}× minified`);
