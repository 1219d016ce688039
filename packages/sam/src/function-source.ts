import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Json } from './template-file.ts';

/**
 * Where a function's code lives, as `sam build` reads it: CodeUri is the folder, Handler is "file.export",
 * and for BuildMethod esbuild the entry points default to the handler's file (.ts, then .js/.mjs).
 */
export interface FunctionSource {
  codeDir: string;
  /** The handler's module path without extension ("app", "handlers/config"). */
  handlerFile: string;
  exportName: string;
  /** Absolute entry files to bundle, the first being the handler's own. */
  entryPoints: string[];
  /** Entries (or the default handler file) that do not exist. */
  missing: string[];
}

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs'];

export function functionSource(templateDir: string, props: Json, metadata: Json): FunctionSource {
  const codeUri =
    typeof props.CodeUri === 'string' && !props.CodeUri.startsWith('s3://') ? props.CodeUri : '.';
  const codeDir = resolve(templateDir, codeUri);
  const handler = String(props.Handler ?? '');
  const dot = handler.lastIndexOf('.');
  const handlerFile = dot > 0 ? handler.slice(0, dot) : handler;
  const exportName = dot > 0 ? handler.slice(dot + 1) : '';
  const buildProps = (metadata.BuildProperties ?? {}) as Json;
  const declared = Array.isArray(buildProps.EntryPoints) ? buildProps.EntryPoints.map(String) : [];
  if (declared.length) {
    const entryPoints = declared.map((entry) => join(codeDir, entry));
    return {
      codeDir,
      handlerFile,
      exportName,
      entryPoints,
      missing: entryPoints.filter((p) => !existsSync(p)),
    };
  }
  const found = EXTENSIONS.map((ext) => join(codeDir, handlerFile + ext)).find((p) => existsSync(p));
  return {
    codeDir,
    handlerFile,
    exportName,
    entryPoints: found ? [found] : [],
    missing: found ? [] : [join(codeDir, `${handlerFile}.ts`)],
  };
}
