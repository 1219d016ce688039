import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type ParsedTemplate, parseTemplate, TemplateSyntaxError } from '@cloudlab/cfn-templates';
import { SamError } from './sam-error.ts';

export interface TemplateFile extends ParsedTemplate {
  path: string;
  /** The folder CodeUri and EntryPoints are relative to. */
  dir: string;
  body: string;
}

export type Json = Record<string, unknown>;

/** Reads and parses template.yaml; a YAML error names the file, line and column. */
export function loadTemplate(path: string): TemplateFile {
  const absolute = resolve(path);
  let body: string;
  try {
    body = readFileSync(absolute, 'utf8');
  } catch {
    throw new SamError('TemplateNotFound', `${path}: no such file — pass the path of your template.yaml`);
  }
  try {
    return { ...parseTemplate(body), path: absolute, dir: dirname(absolute), body };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      const where = error.position ? `:${error.position.line}:${error.position.col}` : '';
      throw new SamError('TemplateSyntaxError', `${path}${where}: ${error.message}`);
    }
    throw error;
  }
}

/** The template's resources of one type, with Globals.Function merged into each function as SAM does. */
export function serverlessFunctions(template: Json): Array<{ id: string; props: Json; metadata: Json }> {
  const globals = ((template.Globals as Json | undefined)?.Function ?? {}) as Json;
  return Object.entries((template.Resources ?? {}) as Record<string, Json>)
    .filter(([, r]) => r?.Type === 'AWS::Serverless::Function')
    .map(([id, r]) => {
      const own = (r.Properties ?? {}) as Json;
      const variables = {
        ...((globals.Environment as Json | undefined)?.Variables as Json | undefined),
        ...((own.Environment as Json | undefined)?.Variables as Json | undefined),
      };
      const props = {
        ...globals,
        ...own,
        ...(Object.keys(variables).length ? { Environment: { Variables: variables } } : {}),
      };
      return { id, props, metadata: (r.Metadata ?? {}) as Json };
    });
}
