import { relative } from 'node:path';
import { POLICY_TEMPLATES, SAM_TRANSFORM } from '@cloudlab/emulator/templates';
import { functionSource } from './function-source.ts';
import {
  CURRENT_NODE_RUNTIMES,
  type Kind,
  KNOWN_TYPES,
  RESOURCE_ATTRIBUTES,
  RESOURCE_SPECS,
  TOP_LEVEL_KEYS,
} from './resource-specs.ts';
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
}

function checkPolicies(id: string, policies: unknown, add: Add) {
  const base = `Resources.${id}.Properties.Policies`;
  const list = policies === undefined ? [] : Array.isArray(policies) ? policies : [policies];
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object') return;
    const entries = Object.entries(item as Json);
    if ('Statement' in (item as Json)) {
      const raw = (item as Json).Statement;
      const statements = (Array.isArray(raw) ? raw : [raw]) as Json[];
      statements.forEach((statement, j) => {
        const where = `${base}.${i}.Statement.${j}`;
        const actions = [statement?.Action].flat().map(String);
        const resources = [statement?.Resource].flat().filter((r) => typeof r === 'string');
        for (const action of actions.filter((a) => a.includes('*'))) {
          add(
            'CL2001',
            'warning',
            `${where}.Action`,
            `Action ${action} grants more than the function needs — list the exact actions (e.g. ssm:GetParameter)`,
          );
        }
        if (resources.includes('*')) {
          add(
            'CL2002',
            'warning',
            `${where}.Resource`,
            'Resource "*" grants every resource — scope it to the parameter path ARN',
          );
        }
      });
      return;
    }
    const [name, args] = entries[0] ?? [];
    if (!name || typeof item === 'string') return;
    if (!POLICY_TEMPLATES[name]) {
      add(
        'CL2004',
        'warning',
        `${base}.${i}`,
        `${name}: cloudlab knows only ${Object.keys(POLICY_TEMPLATES).join(', ')}`,
      );
      return;
    }
    const parameterName = (args as Json | undefined)?.ParameterName;
    if (
      name === 'SSMParameterReadPolicy' &&
      typeof parameterName === 'string' &&
      parameterName.startsWith('/')
    ) {
      add(
        'CL2003',
        'error',
        `${base}.${i}.${name}.ParameterName`,
        `ParameterName "${parameterName}" starts with "/": SSMParameterReadPolicy already writes "parameter/", so the ARN becomes "parameter//…" and matches nothing — drop the leading slash`,
      );
    }
  });
  for (const item of list) {
    if (typeof item === 'string' && /FullAccess$|^AdministratorAccess$/.test(item)) {
      add(
        'CL2001',
        'warning',
        base,
        `Managed policy ${item} grants far more than the function needs — use SSMParameterReadPolicy`,
      );
    }
  }
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
      const rule =
        /^nodejs(\d+)\./.test(runtime) && Number(/^nodejs(\d+)/.exec(runtime)![1]) < 20 ? 'E2531' : 'CL1002';
      add(
        rule,
        'error',
        `${base}.Runtime`,
        `Runtime ${runtime} is not a current Node.js runtime — use ${CURRENT_NODE_RUNTIMES.join(' or ')}`,
      );
    }
    if (!props.Handler)
      add('W2533', 'error', base, `${id} needs a Handler such as app.handler (file app.ts, export handler)`);
    else if (!props.InlineCode) {
      const source = functionSource(file.dir, props, metadata);
      for (const missing of source.missing) {
        add(
          'CL1001',
          'error',
          `${base}.Handler`,
          `Handler ${props.Handler}: ${relative(process.cwd(), missing)} does not exist — create it or fix Handler/CodeUri`,
        );
      }
    }
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
