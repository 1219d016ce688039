import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolve } from '@cloudlab/cfn-templates';
import { type InvokeResult, invokeInProcess } from '@cloudlab/lambda-runtime';
import { type BuildOptions, buildFunctions } from './build-functions.ts';
import { functionRolePolicies, type RoleScope, scopeFor } from './function-role.ts';
import { type IssuedCredentials, roleCredentials } from './role-credentials.ts';
import { SamError } from './sam-error.ts';
import { type Json, loadTemplate, serverlessFunctions } from './template-file.ts';

/**
 * `sam local invoke` without Docker: build the function, then run it once in a child Node process with the
 * template's environment, Timeout and MemorySize. On an emulator endpoint it runs as its role would: with
 * credentials bound by the policies the template gives the role (roleCredentials), so a policy that would deny
 * the deployed function denies it here. On AWS it runs with the caller's credentials, as `sam local invoke` does.
 */
export interface LocalInvokeOptions {
  templatePath: string;
  /** Logical id; optional when the template has one function. */
  functionId?: string;
  event: unknown;
  /**
   * Where the function's SDK calls go, and as whom: `credentials` are the caller's; with an endpoint they only
   * ask STS for the role's session, unless `asCaller` runs the function with them as they are.
   */
  aws: RoleScope & { endpoint?: string; credentials?: IssuedCredentials; asCaller?: boolean };
  /** Extra or overriding environment variables (sam local invoke --env-vars). */
  environment?: Record<string, string>;
  /** Run the function under the inspector on this port, waiting for a debugger and pausing before the handler; no timeout. */
  inspectPort?: number;
  build?: Pick<BuildOptions, 'outDir' | 'nodePaths'>;
}

export interface LocalInvokeReport extends InvokeResult {
  functionId: string;
  /** Variables whose intrinsic value cannot be known before deploy, set to "" as `sam local invoke` does. */
  unresolved: string[];
}

/** A function's environment variables as the deployed function gets them (intrinsics resolved for `scope`). */
export function functionEnvironment(template: Json, props: Json, scope: RoleScope) {
  const variables = ((props.Environment as Json | undefined)?.Variables ?? {}) as Json;
  const resolveScope = scopeFor(template, scope);
  const values: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    try {
      values[name] = String(resolve(resolveScope, value));
    } catch {
      values[name] = '';
      unresolved.push(name);
    }
  }
  return { values, unresolved };
}

export async function localInvoke(options: LocalInvokeOptions): Promise<LocalInvokeReport> {
  const file = loadTemplate(options.templatePath);
  const functions = serverlessFunctions(file.template);
  const fn = options.functionId ? functions.find((f) => f.id === options.functionId) : functions[0];
  if (!fn || (!options.functionId && functions.length > 1)) {
    const names = functions.map((f) => f.id).join(', ') || 'none';
    throw new SamError(
      'FunctionNotFound',
      `Name the function to invoke (functions in the template: ${names})`,
    );
  }
  const [built] = await buildFunctions(options.templatePath, { ...options.build, only: fn.id });
  // In Lambda the package root has no package.json above it, so app.js is CommonJS. Here the build folder sits in
  // the student's project, whose package.json may say "type": "module"; pin the package's own module type.
  const pinned = join(built!.dir, 'package.json');
  if (!existsSync(pinned)) writeFileSync(pinned, '{ "type": "commonjs" }\n');
  const { values, unresolved } = functionEnvironment(file.template, fn.props, options.aws);
  const { endpoint, region } = options.aws;
  const credentials =
    endpoint && !options.aws.asCaller
      ? await roleCredentials({
          functionId: fn.id,
          accountId: options.aws.accountId,
          region,
          endpoint,
          ...(options.aws.credentials ? { credentials: options.aws.credentials } : {}),
          policies: functionRolePolicies(file.template, fn.id, options.aws),
        })
      : options.aws.credentials;
  const result = await invokeInProcess({
    codeDir: built!.dir,
    handler: String(fn.props.Handler),
    functionName: fn.id,
    // As the deployed function has it: its own Runtime, else the template's Globals.
    runtime: String(
      fn.props.Runtime ?? ((file.template.Globals as Json | undefined)?.Function as Json)?.Runtime ?? '',
    ),
    event: options.event,
    timeoutSeconds: options.inspectPort ? 900 : Number(fn.props.Timeout ?? 3),
    memorySizeMb: Number(fn.props.MemorySize ?? 128),
    environment: {
      ...values,
      ...options.environment,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
      ...(credentials
        ? {
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
          }
        : {}),
      // Source maps make a stack trace point at app.ts rather than the bundle.
      NODE_OPTIONS: '--enable-source-maps',
      ...(options.inspectPort ? { CLOUDLAB_DEBUG_BREAK: '1' } : {}),
    },
    ...(options.inspectPort ? { execArgv: [`--inspect=127.0.0.1:${options.inspectPort}`] } : {}),
  });
  return { ...result, functionId: fn.id, unresolved };
}
