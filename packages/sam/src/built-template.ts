import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Json, TemplateFile } from './template-file.ts';

/**
 * `.aws-sam/build/template.yaml` as `sam build` writes it: the source template with each built function's
 * `CodeUri` pointing at its build folder, relative to the built template (`CodeUri: ConfigFunction`), so
 * `sam deploy`, `sam package` and `aws cloudformation package` zip and upload the bundle, not the sources.
 * Like the SAM CLI, each built function's Metadata gains `SamResourceId`, and `Sourcemap: true` adds
 * `--enable-source-maps` to its NODE_OPTIONS. Intrinsics are written in their long form (`Fn::Sub:`), as
 * CloudFormation reads them either way. https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-build-typescript.html
 */
export function writeBuiltTemplate(file: TemplateFile, outDir: string, builtIds: string[]): string {
  const template = structuredClone(file.template);
  const resources = (template.Resources ?? {}) as Record<string, Json>;
  for (const [id, resource] of Object.entries(resources)) {
    if (resource?.Type !== 'AWS::Serverless::Function') continue;
    resource.Properties ??= {};
    const props = resource.Properties as Json;
    if (builtIds.includes(id)) {
      props.CodeUri = id;
      resource.Metadata ??= {};
      const metadata = resource.Metadata as Json;
      metadata.SamResourceId = id;
      if (isTrue(((metadata.BuildProperties ?? {}) as Json).Sourcemap)) enableSourceMaps(props);
    } else if (typeof props.CodeUri === 'string' && !/^s3:\/\//.test(props.CodeUri)) {
      // A function left unbuilt (`sam build OtherFunction`) still points at its sources from the new place.
      props.CodeUri = relativeFrom(outDir, resolve(file.dir, props.CodeUri));
    }
  }
  const path = join(outDir, 'template.yaml');
  mkdirSync(outDir, { recursive: true });
  // YAML 1.1, as the AWS CLI and the SAM CLI read it (PyYAML): a date-like "2010-09-09" or "yes" stays quoted.
  writeFileSync(path, stringify(template, { lineWidth: 0, version: '1.1' }));
  return path;
}

const isTrue = (value: unknown) => value === true || value === 'true';

function enableSourceMaps(props: Json) {
  props.Environment ??= {};
  const environment = props.Environment as Json;
  environment.Variables ??= {};
  const variables = environment.Variables as Json;
  const options = variables.NODE_OPTIONS;
  if (options !== undefined && typeof options !== 'string') return;
  if (options?.split(/\s+/).includes('--enable-source-maps')) return;
  variables.NODE_OPTIONS = [options, '--enable-source-maps'].filter(Boolean).join(' ');
}

function relativeFrom(dir: string, target: string): string {
  const path = relative(dir, target);
  return isAbsolute(path) ? path : path || '.';
}
