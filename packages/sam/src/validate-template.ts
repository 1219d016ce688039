import { relative } from 'node:path';
import {
  CURRENT_NODE_RUNTIMES,
  type Kind,
  KNOWN_TYPES,
  MANAGED_POLICIES,
  POLICY_TEMPLATES,
  RESOURCE_ATTRIBUTES,
  RESOURCE_SPECS,
  SAM_TRANSFORM,
  TOP_LEVEL_KEYS,
} from '@cloudlab/cfn-templates';
import { embeddedVariables } from './embedded-variables.ts';
import { functionSource } from './function-source.ts';
import { moduleExports } from './handler-exports.ts';
import { type Json, loadTemplate, serverlessFunctions, type TemplateFile } from './template-file.ts';

/**
 * Offline checks a student can read. Rule ids E/W…: the cfn-lint rule each mirrors (same id, our wording);
 * CL…: cloudlab's own checks for this course (handler file, least privilege, Outputs). Over-broad policies are
 * warnings: CloudFormation deploys them, and the lab's least-privilege check is where they cost points.
 */
export interface Finding {
  rule: string;
  level: 'error' | 'warning';
  message: string;
  /** Dotted path in the template, e.g. Resources.ConfigFunction.Properties.Runtime. */
  path: string;
  line?: number;
  col?: number;
}

export interface ValidationReport {
  template: string;
  valid: boolean;
  findings: Finding[];
}

const isIntrinsic = (value: unknown) =>
  !!value &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.keys(value).length === 1 &&
  /^(Ref|Condition|Fn::\w+)$/.test(Object.keys(value)[0]!);

function kindOf(value: unknown): Kind {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value && typeof value === 'object') return 'map';
  return 'string';
}

function kindMatches(expected: Kind, value: unknown): boolean {
  if (expected === 'any' || isIntrinsic(value)) return true;
  const actual = kindOf(value);
  // YAML gives "30" or 30 alike to CloudFormation, which coerces numbers and strings.
  if (expected === 'number')
    return actual === 'number' || (actual === 'string' && /^\d+$/.test(String(value)));
  if (expected === 'string') return actual === 'string' || actual === 'number' || actual === 'boolean';
  return actual === expected;
}

export function validateTemplate(path: string): ValidationReport {
  const file = loadTemplate(path);
  const findings: Finding[] = [];
  const add = (rule: string, level: Finding['level'], where: string, message: string) => {
    const pos = file.positions.get(where) ?? file.positions.get(where.split('.').slice(0, -1).join('.'));
    findings.push({ rule, level, message, path: where, ...(pos ? { line: pos.line, col: pos.col } : {}) });
  };
  checkStructure(file, add);
  checkResources(file, add);
  checkReferences(file, add);
  checkFunctions(file, add);
  checkOutputs(file, add);
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { template: file.path, valid: !findings.some((f) => f.level === 'error'), findings };
}

type Add = (rule: string, level: Finding['level'], where: string, message: string) => void;

function checkStructure({ template }: TemplateFile, add: Add) {
  for (const key of Object.keys(template)) {
    if (!TOP_LEVEL_KEYS.includes(key))
      add('E1001', 'error', key, `Top-level key ${key} is not valid in a template`);
  }
  if (!template.Resources || typeof template.Resources !== 'object') {
    add('E1001', 'error', 'Resources', 'The template needs a Resources section with at least one resource');
  }
  if (template.Globals && template.Transform !== SAM_TRANSFORM) {
    add('E1001', 'error', 'Globals', `Globals needs "Transform: ${SAM_TRANSFORM}"`);
  }
  const usesSam = Object.values((template.Resources ?? {}) as Record<string, Json>).some((r) =>
    String(r?.Type).startsWith('AWS::Serverless::'),
  );
  if (usesSam && template.Transform !== SAM_TRANSFORM) {
    add(
      'E3006',
      'error',
      'Transform',
      `AWS::Serverless resources need "Transform: ${SAM_TRANSFORM}" at the top`,
    );
  }
}

function checkResources({ template }: TemplateFile, add: Add) {
  for (const [id, resource] of Object.entries((template.Resources ?? {}) as Record<string, Json>)) {
    const base = `Resources.${id}`;
    if (!resource || typeof resource !== 'object') {
      add('E3001', 'error', base, `Resource ${id} must be a mapping with a Type`);
      continue;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_ATTRIBUTES.includes(key))
        add(
          'E3001',
          'error',
          `${base}.${key}`,
          `${key} is not a resource attribute (did you mean to put it under Properties?)`,
        );
    }
    const type = String(resource.Type ?? '');
    if (!resource.Type) {
      add('E3001', 'error', base, `Resource ${id} has no Type`);
      continue;
    }
    const namespace = type.split('::').slice(0, 2).join('::');
    const known = KNOWN_TYPES[namespace];
    if (known && !known.includes(type.split('::')[2] ?? '')) {
      add(
        'E3006',
        'error',
        `${base}.Type`,
        `Resource type ${type} does not exist — known ${namespace} types: ${known.join(', ')}`,
      );
      continue;
    }
    if (!/^(AWS|Alexa|Custom)::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$/.test(type)) {
      add(
        'E3006',
        'error',
        `${base}.Type`,
        `Resource type ${type} is not a valid type name (AWS::Service::Resource)`,
      );
      continue;
    }
    const spec = RESOURCE_SPECS[type];
    if (!spec) {
      add(
        'CL0001',
        'warning',
        `${base}.Type`,
        `cloudlab does not check ${type} and the emulator cannot deploy it (use --target aws)`,
      );
      continue;
    }
    const props = (resource.Properties ?? {}) as Json;
    for (const [name, value] of Object.entries(props)) {
      const kind = spec.properties[name];
      if (!kind) add('E3002', 'error', `${base}.Properties.${name}`, `${type} has no property ${name}`);
      else if (!kindMatches(kind, value)) {
        add(
          'E3012',
          'error',
          `${base}.Properties.${name}`,
          `${name} must be a ${kind}, not a ${kindOf(value)}`,
        );
      }
    }
    for (const name of spec.required) {
      if (props[name] === undefined)
        add('E3003', 'error', `${base}.Properties`, `${type} needs the property ${name}`);
    }
  }
}

/** Logical ids a template may Ref: its own, the parameters, and the resources the SAM transform adds. */
function referenceable(template: Json): { refs: Set<string>; getAtts: Set<string> } {
  const resources = (template.Resources ?? {}) as Record<string, Json>;
  const refs = new Set([...Object.keys(resources), ...Object.keys((template.Parameters ?? {}) as Json)]);
  const getAtts = new Set(Object.keys(resources));
  for (const [id, r] of Object.entries(resources)) {
    if (r?.Type !== 'AWS::Serverless::Function') continue;
    for (const generated of [`${id}Role`]) {
      refs.add(generated);
      getAtts.add(generated);
    }
    const events = ((r.Properties as Json | undefined)?.Events ?? {}) as Record<string, Json>;
    if (
      Object.values(events).some((e) => e?.Type === 'HttpApi' && !(e.Properties as Json | undefined)?.ApiId)
    ) {
      refs.add('ServerlessHttpApi');
      getAtts.add('ServerlessHttpApi');
    }
  }
  return { refs, getAtts };
}

function checkReferences({ template }: TemplateFile, add: Add) {
  const { refs, getAtts } = referenceable(template);
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, `${path}.${i}`);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, arg] of Object.entries(value as Json)) {
      const here = `${path}.${key}`;
      if (key === 'Ref' && typeof arg === 'string' && !arg.startsWith('AWS::') && !refs.has(arg)) {
        add('E1020', 'error', path, `Ref ${arg}: no parameter or resource has that name`);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(arg) ? String(arg[0]) : String(arg).split('.')[0]!;
        if (!getAtts.has(target)) add('E1010', 'error', path, `GetAtt ${target}: no resource has that name`);
      } else if (key === 'Fn::Sub') {
        const [text, vars] = Array.isArray(arg)
          ? [String(arg[0]), (arg[1] ?? {}) as Json]
          : [String(arg), {}];
        for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = match[1]!;
          const head = name.split('.')[0]!;
          if (name.startsWith('AWS::') || name in vars) continue;
          const ok = name.includes('.') ? getAtts.has(head) : refs.has(name);
          if (!ok) add('E1019', 'error', path, `Sub \${${name}}: no parameter or resource has that name`);
        }
      }
      visit(arg, here);
    }
  };
  visit(template.Resources, 'Resources');
  visit(template.Outputs, 'Outputs');
  for (const section of ['Resources', 'Outputs', 'Globals']) {
    for (const found of embeddedVariables(template[section], section, { refs, getAtts })) {
      add('E1029', 'error', found.path, subNeeded(found.path, found.variable, found.text));
    }
  }
}

function subNeeded(path: string, variable: string, text: string): string {
  const policyArgument = /\.Policies\.\d+\.\w+\.\w+$/.test(path);
  return policyArgument
    ? `${variable} in "${text}" is never replaced: SAM passes a policy template's argument into its own Fn::Sub as a plain value, so the role's ARN keeps the text "${variable}" and matches no resource — write !Sub ${text}`
    : `${variable} in "${text}" is never replaced: only Fn::Sub substitutes \${…}, so the value stays that text — write !Sub ${text}`;
}

/** A policy's text before its intrinsics are resolved: a plain string, or the template string of an Fn::Sub. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const sub = (value as Json | undefined)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return undefined;
}

/**
 * What is wrong with a wildcard in a parameter path (the part after "parameter"), or undefined: `*` alone is
 * every parameter; a `*` that does not start a path segment (`…/05*`) also matches the neighbours
 * (`…/05-admin/…`, `…/050/…`), because IAM's `*` crosses "/".
 */
function parameterWildcard(path: string): string | undefined {
  if (/^\/?\*$/.test(path)) return 'every parameter in the account and region';
  const star = path.search(/[^/]\*/);
  if (star >= 0) {
    const prefix = path.slice(0, star + 1);
    return `every parameter whose name starts with "${prefix}" — "${prefix}-admin/…" and "${prefix}0/…" too, since IAM's * crosses "/"; end the path with "/*"`;
  }
  return undefined;
}

const SSM_WRITES = /^ssm:(Put|Delete|Label|Unlabel|AddTags|RemoveTags|Update|Create)/i;

function checkStatements(where: string, item: Json, add: Add) {
  const raw = item.Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]) as Json[];
  statements.forEach((statement, j) => {
    const here = `${where}.Statement.${j}`;
    if (statement?.Effect === 'Deny') return;
    const actions = [statement?.Action].flat().filter((a) => typeof a === 'string') as string[];
    for (const action of actions.filter((a) => a.includes('*'))) {
      add(
        'CL2001',
        'warning',
        `${here}.Action`,
        `Action ${action} grants more than the function needs — list the exact actions (e.g. ssm:GetParameter)`,
      );
    }
    for (const action of actions.filter((a) => SSM_WRITES.test(a))) {
      add(
        'CL2005',
        'warning',
        `${here}.Action`,
        `Action ${action} lets the function change the parameters it serves — a config reader needs only ssm:GetParameter (SSMParameterReadPolicy)`,
      );
    }
    if (statement?.NotAction !== undefined || statement?.NotResource !== undefined) {
      add(
        'CL2001',
        'warning',
        here,
        'An Allow with NotAction or NotResource grants everything it does not name — list what the function needs',
      );
    }
    for (const resource of [statement?.Resource].flat()) {
      const text = textOf(resource);
      if (text === undefined) continue;
      if (text === '*') {
        add(
          'CL2002',
          'warning',
          `${here}.Resource`,
          'Resource "*" grants every resource — scope it to the parameter path ARN',
        );
        continue;
      }
      const path = /:parameter(\/.*)$/.exec(text)?.[1];
      const wide = path === undefined ? undefined : parameterWildcard(path);
      if (wide) add('CL2002', 'warning', `${here}.Resource`, `Resource ${text} grants ${wide}`);
    }
  });
}

function checkPolicyTemplate(where: string, name: string, args: Json | undefined, add: Add) {
  const parameterName = textOf(args?.ParameterName);
  if (!name.startsWith('SSMParameter') || parameterName === undefined) return;
  const at = `${where}.${name}.ParameterName`;
  if (name === 'SSMParameterReadPolicy' && parameterName.startsWith('/')) {
    add(
      'CL2003',
      'error',
      at,
      `ParameterName "${parameterName}" starts with "/": SSMParameterReadPolicy already writes "parameter/", so the ARN becomes "parameter//…" and matches nothing — drop the leading slash`,
    );
  }
  if (name === 'SSMParameterWithSlashPrefixReadPolicy' && !parameterName.startsWith('/')) {
    add(
      'CL2003',
      'error',
      at,
      `ParameterName "${parameterName}" has no leading "/": SSMParameterWithSlashPrefixReadPolicy writes "parameter" with no slash, so the ARN becomes "parameter${parameterName}" — start it with "/" (or use SSMParameterReadPolicy)`,
    );
  }
  const wide = parameterWildcard(parameterName.startsWith('/') ? parameterName : `/${parameterName}`);
  if (wide) add('CL2002', 'warning', at, `ParameterName "${parameterName}" grants ${wide}`);
}

function checkManagedPolicy(where: string, item: string, add: Add) {
  const name = item.split('/').at(-1) ?? item;
  const statements = MANAGED_POLICIES[name] as Json[] | undefined;
  if (!statements) {
    add(
      'CL2004',
      'warning',
      where,
      `Managed policy ${name}: cloudlab's emulator does not know it, so it cannot deploy it or run local invoke with it (--target aws can) — to read parameters, use the SSMParameterReadPolicy policy template`,
    );
    if (/FullAccess$|^AdministratorAccess$|^PowerUserAccess$/.test(name)) {
      add('CL2001', 'warning', where, `Managed policy ${name} grants far more than the function needs`);
    }
    return;
  }
  // SAM attaches this one to every function's role for its logs; naming it again changes nothing.
  if (name === 'AWSLambdaBasicExecutionRole') return;
  const grants = statements
    .map((s) => `${[s.Action].flat().join(', ')} on ${[s.Resource].flat().join(', ')}`)
    .join('; ');
  add(
    'CL2001',
    'warning',
    where,
    `Managed policy ${name} allows ${grants} — far more than reading one parameter path; use SSMParameterReadPolicy with ParameterName !Sub cloudlab/\${Learner}/05/*`,
  );
}

function checkPolicies(id: string, policies: unknown, add: Add) {
  const base = `Resources.${id}.Properties.Policies`;
  const list = policies === undefined ? [] : Array.isArray(policies) ? policies : [policies];
  list.forEach((item, i) => {
    const where = Array.isArray(policies) ? `${base}.${i}` : base;
    const [name, args] = item && typeof item === 'object' ? (Object.entries(item as Json)[0] ?? []) : [];
    if (typeof item === 'string') checkManagedPolicy(where, item, add);
    else if (item && typeof item === 'object' && 'Statement' in item)
      checkStatements(where, item as Json, add);
    else if (name && !POLICY_TEMPLATES[name]) {
      add(
        'CL2004',
        'warning',
        where,
        `${name}: cloudlab knows only the policy templates ${Object.keys(POLICY_TEMPLATES).join(', ')}`,
      );
    } else if (name) checkPolicyTemplate(where, name, args as Json | undefined, add);
  });
}

function checkFunctions(file: TemplateFile, add: Add) {
  const runtimeOf = (file.template.Globals as Json | undefined)?.Function as Json | undefined;
  for (const { id, props, metadata } of serverlessFunctions(file.template)) {
    const base = `Resources.${id}.Properties`;
    const runtime = props.Runtime ?? runtimeOf?.Runtime;
    if (props.ImageUri || props.PackageType === 'Image') continue;
    if (!runtime)
      add('W2533', 'error', base, `${id} needs a Runtime (${CURRENT_NODE_RUNTIMES.join(' or ')})`);
    else if (typeof runtime === 'string' && !CURRENT_NODE_RUNTIMES.includes(runtime)) {
      // An older Node runtime, as cfn-lint names it: Lambda no longer creates functions with it.
      const deprecated = /^nodejs\d+\.x$/.test(runtime) && Number.parseInt(runtime.slice(6), 10) < 22;
      add(
        deprecated ? 'E2533' : 'CL1002',
        'error',
        `${base}.Runtime`,
        deprecated
          ? `Runtime ${runtime} is deprecated: Lambda no longer creates functions with it — use ${CURRENT_NODE_RUNTIMES.join(' or ')}`
          : `Runtime ${runtime} is not a current Node.js runtime — use ${CURRENT_NODE_RUNTIMES.join(' or ')}`,
      );
    }
    if (!props.Handler)
      add('W2533', 'error', base, `${id} needs a Handler such as app.handler (file app.ts, export handler)`);
    else if (!props.InlineCode) checkHandler(file, `${base}.Handler`, props, metadata, add);
    const timeout = Number(props.Timeout ?? 3);
    if (!Number.isFinite(timeout) || timeout < 1 || timeout > 900) {
      add('E3034', 'error', `${base}.Timeout`, `Timeout ${props.Timeout} must be between 1 and 900 seconds`);
    } else if (timeout > 30 && props.Events) {
      add(
        'CL1003',
        'warning',
        `${base}.Timeout`,
        `Timeout ${timeout}s: an HTTP API gives up after 30 seconds, so a longer timeout only costs money`,
      );
    }
    const memory = Number(props.MemorySize ?? 128);
    if (!Number.isFinite(memory) || memory < 128 || memory > 10240) {
      add(
        'E3034',
        'error',
        `${base}.MemorySize`,
        `MemorySize ${props.MemorySize} must be between 128 and 10240 MB`,
      );
    }
    const buildMethod = metadata.BuildMethod;
    if (buildMethod !== undefined && buildMethod !== 'esbuild') {
      add(
        'CL1004',
        'warning',
        `Resources.${id}.Metadata.BuildMethod`,
        `BuildMethod ${buildMethod}: cloudlab builds TypeScript with esbuild only`,
      );
    }
    if (metadata.BuildProperties && buildMethod === undefined) {
      add(
        'CL1004',
        'warning',
        `Resources.${id}.Metadata`,
        'BuildProperties has no effect without "BuildMethod: esbuild"',
      );
    }
    checkPolicies(id, props.Policies, add);
  }
}

/**
 * The handler must name what the build writes: a file an entry point becomes (EntryPoints app.ts → app.js), and
 * a function that file exports — else Lambda fails every call with Runtime.ImportModuleError or
 * Runtime.HandlerNotFound.
 */
function checkHandler(file: TemplateFile, where: string, props: Json, metadata: Json, add: Add) {
  const source = functionSource(file.dir, props, metadata);
  for (const missing of source.missing) {
    add(
      'CL1001',
      'error',
      where,
      `Handler ${props.Handler}: ${relative(process.cwd(), missing)} does not exist — create it or fix Handler/CodeUri`,
    );
  }
  if (source.missing.length) return;
  const built = source.entryPoints.map((entry) =>
    relative(source.codeDir, entry)
      .replace(/\.[cm]?[jt]s$/, '')
      .split('\\')
      .join('/'),
  );
  const entry = source.entryPoints[built.indexOf(source.handlerFile)];
  if (!entry) {
    add(
      'CL1001',
      'error',
      where,
      `Handler ${props.Handler} names ${source.handlerFile}.js, but the build writes ${built.map((b) => `${b}.js`).join(', ')} (EntryPoints, relative to CodeUri) — Lambda would fail with Runtime.ImportModuleError; use Handler: ${built[0]}.${source.exportName || 'handler'}`,
    );
    return;
  }
  const exports = moduleExports(entry);
  if (exports && !exports.includes(source.exportName)) {
    add(
      'CL1005',
      'error',
      where,
      `Handler ${props.Handler}: ${relative(process.cwd(), entry)} does not export "${source.exportName}" (it exports ${exports.join(', ') || 'nothing'}) — Lambda would fail with Runtime.HandlerNotFound; export the function under that name or fix Handler`,
    );
  }
}

function checkOutputs({ template }: TemplateFile, add: Add) {
  const outputs = template.Outputs as Record<string, Json> | undefined;
  if (!outputs || !Object.keys(outputs).length) {
    add(
      'CL3001',
      'error',
      'Outputs',
      'No Outputs: add one whose Value is the API URL, so deploy can print where to call',
    );
    return;
  }
  for (const [key, output] of Object.entries(outputs)) {
    if (!output || typeof output !== 'object' || output.Value === undefined) {
      add('E6001', 'error', `Outputs.${key}`, `Output ${key} needs a Value`);
    }
  }
}
