import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Runtime } from '@aws-sdk/client-lambda';
import { MANAGED_POLICIES } from '@cloudlab/cfn-templates';
import { strToU8, zipSync } from 'fflate';
import { AwsError } from '../../core/aws-error.ts';
import { policyDocument } from '../../core/policy-document.ts';
import type { EmulatorRuntime, PolicyDocument, PolicyStatement } from '../../core/types.ts';
import {
  createFunction,
  deleteFunction,
  updateFunctionCode,
  updateFunctionConfiguration,
} from '../lambda/function-operations.ts';
import { lambdaState } from '../lambda/lambda-state.ts';

/**
 * How the emulator creates and deletes each resource type it supports — the plain types the SAM transform
 * emits. Anything else fails the stack with a reason that says what to do.
 */
export interface ProviderContext {
  runtime: EmulatorRuntime;
  accountId: string;
  region: string;
  stackName: string;
  logicalId: string;
}
export interface Created {
  physicalId: string;
  attributes: Record<string, string>;
}
interface Provider {
  create(ctx: ProviderContext, props: Record<string, unknown>): Promise<Created>;
  /** Changes the resource in place, keeping its physical id; without it a change replaces the resource. */
  update?(
    ctx: ProviderContext,
    current: Created,
    props: Record<string, unknown>,
    previous: Record<string, unknown>,
  ): Promise<Created>;
  delete(ctx: ProviderContext, physicalId: string, attributes: Record<string, string>): Promise<void>;
}

const suffix = (n = 12) =>
  randomBytes(n).toString('base64url').replace(/[-_]/g, 'X').slice(0, n).toUpperCase();

/** CloudFormation's generated physical names: stack-logicalId-RANDOM, trimmed to the type's length limit. */
function generatedName(ctx: ProviderContext, max: number): string {
  const tail = `-${suffix()}`;
  return `${ctx.stackName}-${ctx.logicalId}`.slice(0, max - tail.length) + tail;
}

function rolePolicies(props: Record<string, unknown>): PolicyDocument[] {
  const policies: PolicyDocument[] = [];
  for (const managed of (props.ManagedPolicyArns ?? []) as string[]) {
    const known = MANAGED_POLICIES[String(managed).split('/').at(-1) ?? ''];
    if (known) policies.push({ Version: '2012-10-17', Statement: known as PolicyStatement[] });
  }
  for (const inline of (props.Policies ?? []) as Array<{ PolicyName?: string; PolicyDocument?: unknown }>) {
    policies.push(policyDocument(inline.PolicyDocument, `Policy ${inline.PolicyName ?? '(unnamed)'}`));
  }
  return policies;
}

const role: Provider = {
  async create(ctx, props) {
    const name = (props.RoleName as string | undefined) ?? generatedName(ctx, 64);
    const path = (props.Path as string | undefined) ?? '/';
    const arn = `arn:aws:iam::${ctx.accountId}:role${path}${name}`;
    ctx.runtime.roles.setPolicies(arn, rolePolicies(props));
    return { physicalId: name, attributes: { Arn: arn, RoleId: `AROA${suffix(17)}` } };
  },
  async update(ctx, current, props, previous) {
    if (props.RoleName !== previous.RoleName || props.Path !== previous.Path) return role.create(ctx, props);
    ctx.runtime.roles.setPolicies(current.attributes.Arn ?? '', rolePolicies(props));
    return current;
  },
  async delete(ctx, _physicalId, attributes) {
    // There is no IAM API to remove it from: a deleted role keeps no permissions.
    ctx.runtime.roles.setPolicies(attributes.Arn ?? '', []);
  },
};

function functionInput(ctx: ProviderContext, props: Record<string, unknown>) {
  const code = (props.Code ?? {}) as Record<string, unknown>;
  // Inline ZipFile source becomes index.js in the package, as CloudFormation does for Node.js.
  const zip = typeof code.ZipFile === 'string' ? zipSync({ 'index.js': strToU8(code.ZipFile) }) : undefined;
  const variables =
    (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  return {
    FunctionName: (props.FunctionName as string | undefined) ?? generatedName(ctx, 64),
    Runtime: props.Runtime as Runtime,
    Role: String(props.Role ?? ''),
    Handler: props.Handler as string,
    Code: { ZipFile: zip, S3Bucket: code.S3Bucket as string, S3Key: code.S3Key as string },
    Description: props.Description as string,
    Timeout: props.Timeout === undefined ? undefined : Number(props.Timeout),
    MemorySize: props.MemorySize === undefined ? undefined : Number(props.MemorySize),
    Environment: { Variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])) },
  };
}

const lambdaFunction: Provider = {
  async create(ctx, props) {
    const caller = { accountId: ctx.accountId, region: ctx.region };
    const fn = await createFunction(ctx.runtime, caller, functionInput(ctx, props));
    return { physicalId: fn.name, attributes: { Arn: fn.arn } };
  },
  async update(ctx, current, props, previous) {
    // A new explicit FunctionName means a new function, as on AWS ("Update requires: Replacement").
    if (props.FunctionName !== previous.FunctionName) return lambdaFunction.create(ctx, props);
    const caller = { accountId: ctx.accountId, region: ctx.region };
    const { FunctionName: _name, Code, ...config } = functionInput(ctx, props);
    updateFunctionConfiguration(ctx.runtime, caller, current.physicalId, config);
    if (!isDeepStrictEqual(props.Code, previous.Code)) {
      await updateFunctionCode(ctx.runtime, caller, current.physicalId, Code);
    }
    return current;
  },
  async delete(ctx, physicalId) {
    try {
      deleteFunction(ctx.runtime, { accountId: ctx.accountId, region: ctx.region }, physicalId);
    } catch (error) {
      if ((error as AwsError).code !== 'ResourceNotFoundException') throw error;
    }
  },
};

function routesOf(props: Record<string, unknown>) {
  const paths = ((props.Body as { paths?: Record<string, Record<string, unknown>> } | undefined)?.paths ??
    {}) as Record<string, Record<string, { 'x-amazon-apigateway-integration'?: { uri?: string } }>>;
  const routes = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const uri = String(op['x-amazon-apigateway-integration']?.uri ?? '');
      const functionArn = /functions\/(.+)\/invocations$/.exec(uri)?.[1];
      if (!functionArn)
        throw new AwsError(
          'BadRequestException',
          `Route ${method.toUpperCase()} ${path} has no Lambda integration.`,
        );
      routes.push({
        method: method === 'x-amazon-apigateway-any-method' ? 'any' : method,
        path,
        functionArn,
      });
    }
  }
  return routes;
}

const httpApi: Provider = {
  async create(ctx, props) {
    const apiId = randomBytes(8).toString('hex').slice(0, 10);
    const routes = routesOf(props);
    lambdaState(ctx.runtime).apis.set(apiId, { apiId, accountId: ctx.accountId, region: ctx.region, routes });
    return {
      physicalId: apiId,
      attributes: { ApiEndpoint: `https://${apiId}.execute-api.${ctx.region}.amazonaws.com`, ApiId: apiId },
    };
  },
  async update(ctx, current, props) {
    const api = lambdaState(ctx.runtime).apis.get(current.physicalId);
    if (api) api.routes = routesOf(props);
    return current;
  },
  async delete(ctx, physicalId) {
    lambdaState(ctx.runtime).apis.delete(physicalId);
  },
};

/** Resources with no behaviour in the emulator (stages auto-deploy; permissions are not enforced on the API). */
const recordOnly = (idOf: (ctx: ProviderContext, props: Record<string, unknown>) => string): Provider => ({
  async create(ctx, props) {
    return { physicalId: idOf(ctx, props), attributes: {} };
  },
  async update(_ctx, current) {
    return current;
  },
  async delete() {},
});

export const PROVIDERS: Record<string, Provider> = {
  'AWS::IAM::Role': role,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::ApiGatewayV2::Api': httpApi,
  'AWS::ApiGatewayV2::Stage': recordOnly((_ctx, props) => String(props.StageName ?? '$default')),
  'AWS::Lambda::Permission': recordOnly((ctx) => generatedName(ctx, 100)),
};

export function providerFor(type: string): Provider {
  const provider = PROVIDERS[type];
  if (!provider) {
    throw new AwsError(
      'UnsupportedResourceType',
      `Resource type ${type} is not supported by the cloudlab emulator (it supports ${Object.keys(PROVIDERS).join(', ')} and the SAM types that expand to them) — deploy with --target aws to use it`,
    );
  }
  return provider;
}
