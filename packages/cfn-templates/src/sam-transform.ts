import { MANAGED_POLICIES, POLICY_TEMPLATES } from './sam-policy-templates.ts';

/**
 * The subset of the AWS::Serverless-2016-10-31 transform the SAM lab needs: Function (with HttpApi events),
 * HttpApi and Globals, expanded into the plain resources the SAM translator would emit
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html).
 */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

export class TransformError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Transform ${SAM_TRANSFORM} failed with: Invalid Serverless Application Specification document. ` +
        `Number of errors found: ${problems.length}. ${problems.join(' ')}`,
    );
    this.name = 'TransformError';
  }
}

type Json = Record<string, unknown>;
const IMPLICIT_API = 'ServerlessHttpApi';

export function hasSamTransform(template: Json): boolean {
  const transform = template.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

export function samTransform(template: Json): Json {
  const problems: string[] = [];
  const resources: Json = {};
  const globals = ((template.Globals as Json | undefined)?.Function ?? {}) as Json;
  const routes = new Map<string, Array<{ method: string; path: string; functionId: string }>>();
  const source = (template.Resources ?? {}) as Record<string, Json>;

  for (const [id, resource] of Object.entries(source)) {
    if (resource.Type === 'AWS::Serverless::Function') {
      expandFunction(id, resource, globals, resources, routes, problems);
    } else if (resource.Type === 'AWS::Serverless::HttpApi') {
      routes.set(id, routes.get(id) ?? []);
    } else if (String(resource.Type).startsWith('AWS::Serverless::')) {
      problems.push(
        `Resource with id [${id}] is invalid. ${resource.Type} is not supported by the cloudlab emulator.`,
      );
    } else {
      resources[id] = resource;
    }
  }
  for (const [apiId, apiRoutes] of routes) {
    const declared = source[apiId];
    expandHttpApi(apiId, declared, apiRoutes, resources);
  }
  if (problems.length) throw new TransformError(problems);
  const { Transform: _transform, Globals: _globals, ...rest } = template;
  return { ...rest, Resources: resources };
}

function mergeGlobals(globals: Json, props: Json): Json {
  const merged: Json = { ...globals, ...props };
  const globalVars = (globals.Environment as Json | undefined)?.Variables as Json | undefined;
  const ownVars = (props.Environment as Json | undefined)?.Variables as Json | undefined;
  if (globalVars || ownVars) merged.Environment = { Variables: { ...globalVars, ...ownVars } };
  return merged;
}

function codeOf(id: string, props: Json, problems: string[]): Json | undefined {
  if (props.InlineCode !== undefined) return { ZipFile: props.InlineCode };
  const uri = props.CodeUri;
  if (uri && typeof uri === 'object' && 'Bucket' in uri) {
    const { Bucket, Key, Version } = uri as Json;
    return { S3Bucket: Bucket, S3Key: Key, ...(Version ? { S3ObjectVersion: Version } : {}) };
  }
  const match = typeof uri === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) : null;
  if (!match) {
    problems.push(
      `Resource with id [${id}] is invalid. 'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' — ` +
        'build and upload the code first (`cloudlab sam deploy` or `sam deploy` do both).',
    );
    return undefined;
  }
  return { S3Bucket: match[1], S3Key: match[2] };
}

function policyStatements(id: string, policies: unknown, problems: string[]) {
  const inline: Json[] = [];
  const managed: string[] = [];
  const items = policies === undefined ? [] : Array.isArray(policies) ? policies : [policies];
  for (const item of items) {
    if (typeof item === 'string') {
      if (item.startsWith('arn:')) managed.push(item);
      else if (MANAGED_POLICIES[item]) managed.push(`arn:aws:iam::aws:policy/${item}`);
      else
        problems.push(
          `Resource with id [${id}] is invalid. Managed policy ${item} is not known to the emulator.`,
        );
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    const entries = Object.entries(item as Json);
    if ('Statement' in (item as Json)) {
      inline.push(item as Json);
      continue;
    }
    const [name, args] = entries[0] ?? [];
    const template = name ? POLICY_TEMPLATES[name] : undefined;
    if (!template) {
      problems.push(
        `Resource with id [${id}] is invalid. Policy template ${name} is not supported by the emulator.`,
      );
      continue;
    }
    const missing = template.required.filter((key) => !(args && typeof args === 'object' && key in args));
    if (missing.length) {
      problems.push(
        `Resource with id [${id}] is invalid. Missing required parameter ${missing.join(', ')} in ${name}.`,
      );
      continue;
    }
    inline.push({ Statement: template.expand(args as Json) });
  }
  return { inline, managed };
}

function expandFunction(
  id: string,
  resource: Json,
  globals: Json,
  out: Json,
  routes: Map<string, Array<{ method: string; path: string; functionId: string }>>,
  problems: string[],
): void {
  const props = mergeGlobals(globals, (resource.Properties ?? {}) as Json);
  const code = codeOf(id, props, problems);
  const fn: Json = {
    Code: code,
    Handler: props.Handler,
    Runtime: props.Runtime,
    Role: props.Role ?? { 'Fn::GetAtt': [`${id}Role`, 'Arn'] },
    Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }],
  };
  for (const key of [
    'Description',
    'Environment',
    'FunctionName',
    'MemorySize',
    'Timeout',
    'Architectures',
  ]) {
    if (props[key] !== undefined) fn[key] = props[key];
  }
  out[id] = {
    Type: 'AWS::Lambda::Function',
    Properties: fn,
    ...(resource.Metadata ? { Metadata: resource.Metadata } : {}),
    ...(resource.DependsOn ? { DependsOn: resource.DependsOn } : {}),
  };
  if (props.Role === undefined) {
    const { inline, managed } = policyStatements(id, props.Policies, problems);
    out[`${id}Role`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['lambda.amazonaws.com'] } },
          ],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', ...managed],
        Policies: inline.map((doc, i) => ({
          PolicyName: `${id}RolePolicy${i}`,
          PolicyDocument: { Version: '2012-10-17', ...doc },
        })),
        Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }],
      },
    };
  }
  for (const [eventId, event] of Object.entries((props.Events ?? {}) as Record<string, Json>)) {
    if (event.Type !== 'HttpApi') {
      problems.push(
        `Resource with id [${id}] is invalid. Event with id [${eventId}]: type ${event.Type} is not supported by the emulator.`,
      );
      continue;
    }
    const eventProps = (event.Properties ?? {}) as Json;
    const apiRef = eventProps.ApiId as Json | undefined;
    const apiId = apiRef && typeof apiRef.Ref === 'string' ? apiRef.Ref : IMPLICIT_API;
    const list = routes.get(apiId) ?? [];
    list.push({
      method: String(eventProps.Method ?? 'ANY').toLowerCase(),
      path: String(eventProps.Path ?? '$default'),
      functionId: id,
    });
    routes.set(apiId, list);
    out[`${id}${eventId}Permission`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: id },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Sub': [
            `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/*`,
            { __ApiId__: { Ref: apiId } },
          ],
        },
      },
    };
  }
}

function expandHttpApi(
  apiId: string,
  declared: Json | undefined,
  routes: Array<{ method: string; path: string; functionId: string }>,
  out: Json,
): void {
  const props = (declared?.Properties ?? {}) as Json;
  const paths: Json = {};
  for (const route of routes) {
    const methods = (paths[route.path] ?? {}) as Json;
    methods[route.method === 'any' ? 'x-amazon-apigateway-any-method' : route.method] = {
      'x-amazon-apigateway-integration': {
        type: 'aws_proxy',
        httpMethod: 'POST',
        payloadFormatVersion: '2.0',
        uri: {
          'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${route.functionId}.Arn}/invocations`,
        },
      },
    };
    paths[route.path] = methods;
  }
  out[apiId] = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: {
      Body: { openapi: '3.0.1', info: { title: { Ref: 'AWS::StackName' }, version: '1.0' }, paths },
      ...(props.Description ? { Description: props.Description } : {}),
    },
  };
  const stageName = (props.StageName as string | undefined) ?? '$default';
  out[`${apiId}ApiGatewayDefaultStage`] = {
    Type: 'AWS::ApiGatewayV2::Stage',
    Properties: { ApiId: { Ref: apiId }, StageName: stageName, AutoDeploy: true },
  };
}
