import { TemplateError } from './template-error.ts';

/** What !Ref and !GetAtt resolve against while a stack is created. */
export interface ResolveScope {
  region: string;
  accountId: string;
  stackName: string;
  stackId: string;
  parameters: Record<string, string>;
  conditions: Record<string, boolean>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  /** Physical ids of the resources created so far. */
  refs: Record<string, string>;
  /** Attributes of the resources created so far (Arn, …). */
  attributes: Record<string, Record<string, string>>;
}

function pseudo(scope: ResolveScope, name: string): string | undefined {
  switch (name) {
    case 'AWS::Region':
      return scope.region;
    case 'AWS::AccountId':
      return scope.accountId;
    case 'AWS::StackName':
      return scope.stackName;
    case 'AWS::StackId':
      return scope.stackId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NoValue':
      return undefined;
    default:
      return undefined;
  }
}

function refOf(scope: ResolveScope, name: string): string {
  if (name.startsWith('AWS::')) {
    const value = pseudo(scope, name);
    if (value === undefined) throw new TemplateError(`Template error: unsupported pseudo parameter ${name}`);
    return value;
  }
  if (name in scope.parameters) return scope.parameters[name]!;
  if (name in scope.refs) return scope.refs[name]!;
  throw new TemplateError(
    `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
  );
}

function getAtt(scope: ResolveScope, resource: string, attribute: string): string {
  const attrs = scope.attributes[resource];
  if (!attrs) {
    throw new TemplateError(
      `Template error: instance of Fn::GetAtt references undefined resource ${resource}`,
    );
  }
  const value = attrs[attribute];
  if (value === undefined) {
    throw new TemplateError(
      `Template error: resource ${resource} does not support attribute type ${attribute} in Fn::GetAtt`,
    );
  }
  return value;
}

function sub(scope: ResolveScope, text: string, vars: Record<string, unknown>): string {
  // ${!Literal} escapes a dollar sign; ${Name} and ${Resource.Attr} resolve like Ref and GetAtt.
  return text.replace(/\$\{([^}]+)\}/g, (_, expr: string) => {
    if (expr.startsWith('!')) return `\${${expr.slice(1)}}`;
    if (expr in vars) return String(resolve(scope, vars[expr]));
    const dot = expr.indexOf('.');
    if (dot > 0 && !expr.startsWith('AWS::')) return getAtt(scope, expr.slice(0, dot), expr.slice(dot + 1));
    return refOf(scope, expr);
  });
}

/** The value with every intrinsic function replaced; AWS::NoValue removes the key or item it stands in. */
export function resolve(scope: ResolveScope, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(scope, v)).filter((v) => v !== NO_VALUE);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    const fn = FUNCTIONS[key];
    if (fn) return fn(scope, arg);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    const resolved = resolve(scope, v);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

const NO_VALUE = Symbol('AWS::NoValue');

const list = (scope: ResolveScope, arg: unknown): unknown[] => {
  const value = resolve(scope, arg);
  if (!Array.isArray(value)) throw new TemplateError('Template error: expected a list');
  return value;
};

const FUNCTIONS: Record<string, (scope: ResolveScope, arg: unknown) => unknown> = {
  Ref: (scope, name) => (name === 'AWS::NoValue' ? NO_VALUE : refOf(scope, String(name))),
  'Fn::GetAtt': (scope, arg) => {
    const [resource, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
    return getAtt(scope, String(resource), String(resolve(scope, attribute)));
  },
  'Fn::Sub': (scope, arg) =>
    Array.isArray(arg)
      ? sub(scope, String(arg[0]), (arg[1] ?? {}) as Record<string, unknown>)
      : sub(scope, String(arg), {}),
  'Fn::Join': (scope, arg) => {
    const [sep, items] = arg as [string, unknown];
    return list(scope, items).join(sep);
  },
  'Fn::Select': (scope, arg) => {
    const [index, items] = arg as [unknown, unknown];
    return list(scope, items)[Number(resolve(scope, index))];
  },
  'Fn::Split': (scope, arg) => {
    const [sep, text] = arg as [string, unknown];
    return String(resolve(scope, text)).split(sep);
  },
  'Fn::If': (scope, arg) => {
    const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
    return resolve(scope, scope.conditions[condition] ? whenTrue : whenFalse);
  },
  'Fn::Equals': (scope, arg) => {
    const [a, b] = list(scope, arg);
    return String(a) === String(b);
  },
  'Fn::And': (scope, arg) => list(scope, arg).every(Boolean),
  'Fn::Or': (scope, arg) => list(scope, arg).some(Boolean),
  'Fn::Not': (scope, arg) => !list(scope, arg)[0],
  Condition: (scope, name) => Boolean(scope.conditions[String(name)]),
  'Fn::Base64': (scope, arg) => Buffer.from(String(resolve(scope, arg))).toString('base64'),
  'Fn::GetAZs': (scope) => ['a', 'b', 'c'].map((zone) => `${scope.region}${zone}`),
  'Fn::FindInMap': (scope, arg) => {
    const [map, top, second] = list(scope, arg).map(String) as [string, string, string];
    const value = scope.mappings[map]?.[top]?.[second];
    if (value === undefined) {
      throw new TemplateError(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
    }
    return value;
  },
  'Fn::ImportValue': () => {
    throw new TemplateError(
      'Fn::ImportValue is not supported by the cloudlab emulator — pass the value as a parameter',
    );
  },
};
