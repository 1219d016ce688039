import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createSession, labTags } from '@cloudlab/aws-session';
import { check } from '@cloudlab/grader';
import {
  type DeployResult,
  deleteStack,
  deployStack,
  functionRolePolicies,
  httpApiEvent,
  invokeFailure,
  type LocalInvokeReport,
  loadTemplate,
  localInvoke,
  samBucketName,
  samStackName,
  serverlessFunctions,
} from '@cloudlab/sam';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  configPath,
  fixturesDir,
  lab,
  nodePaths,
  parameters,
  removeParameters,
  samClients,
  seedParameters,
  templatePath,
} from './support/lab.ts';
import { accessDeniedCause, type RoleScopeForCheck, roleProblems } from './support/least-privilege.ts';

/**
 * The SAM workflow against the grader's target, in one file so its steps run in order and share the lab's
 * parameters: build, invoke locally, deploy (in beforeAll), call the URL, check the role, tear down.
 */
const clients = samClients();
// Made in beforeAll and removed in afterAll: a folder made as the file loads outlives a run that collects the
// file but runs none of its checks (a watch save that touched other files), since afterAll then does not run.
let outDir = '';
let deployOutDir = '';
const stackName = samStackName(lab, 'config-api');
let bucket = '';
let deployed: DeployResult | undefined;
let deployError: unknown;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'cloudlab-05-build-'));
  deployOutDir = mkdtempSync(join(tmpdir(), 'cloudlab-05-deploy-'));
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  bucket = samBucketName(lab, Account!);
  await seedParameters(clients.ssm);
  try {
    deployed = await deployStack({
      templatePath,
      stackName,
      bucket,
      clients,
      parameters: { Learner: lab.learner },
      tags: labTags(lab),
      build: { outDir: deployOutDir, nodePaths },
      pollMs: process.env.AWS_ENDPOINT_URL ? 100 : 5000,
    });
  } catch (error) {
    deployError = error;
  }
}, 900_000);

afterAll(async () => {
  try {
    // On the emulator a stack is gone within a poll or two: a second per poll was only waiting.
    await deleteStack({
      stackName,
      bucket,
      clients,
      pollMs: process.env.AWS_ENDPOINT_URL ? 100 : 1000,
    }).catch(() => {});
    await removeParameters(clients.ssm);
  } finally {
    for (const dir of [outDir, deployOutDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }
}, 900_000);

let localRun: Promise<LocalInvokeReport> | undefined;

/**
 * One local invoke of fixtures/events/get-config.json, shared by the build check and the invoke check.
 * localInvoke always builds the function into outDir first (a copy of the deploy's bundle when the code is
 * unchanged, else esbuild bundling the SDK, about a second), so the build check reads that build.
 */
function invokeLocally(): Promise<LocalInvokeReport> {
  localRun ??= (async () => {
    const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
    const event = JSON.parse(readFileSync(join(fixturesDir, 'events', 'get-config.json'), 'utf8'));
    const credentials = await clients.sts.config.credentials();
    return localInvoke({
      templatePath,
      event,
      build: { outDir, nodePaths },
      aws: {
        accountId: Account!,
        region: await clients.sts.config.region(),
        parameters: { Learner: lab.learner },
        ...(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {}),
        credentials,
      },
    });
  })();
  return localRun;
}

check(
  'the function builds with esbuild into a zip holding app.js (cloudlab sam build)',
  {
    points: 5,
    exercise: 2,
    concept: 'sam-build',
    timeoutMs: 120_000,
    hint: [
      'Run `pnpm cloudlab sam build`: it bundles CodeUri/EntryPoints the way `sam build` does for BuildMethod esbuild.',
      'A compile error names the file, line and column; fix it in src/app.ts.',
    ],
  },
  async () => {
    const { functionId } = await invokeLocally();
    // The deployment zip is this folder zipped as it is (zipDirectory): what the folder holds, the zip holds.
    expect(readdirSync(join(outDir, functionId), { recursive: true, encoding: 'utf8' })).toContain('app.js');
  },
);

check(
  'a local invoke with fixtures/events/get-config.json answers 200 with the greeting (cloudlab invoke 05)',
  {
    points: 10,
    exercise: 2,
    concept: 'local-invoke',
    timeoutMs: 120_000,
    hint: [
      'Run `pnpm cloudlab invoke 05`: it prints the error and the log lines between START and REPORT.',
      'The handler must read CONFIG_PATH from the environment, which the template sets.',
      "AccessDeniedException: the function runs as its role, so the role's policy must allow ssm:GetParameter on arn:…:parameter/cloudlab/<learner>/05/*.",
    ],
  },
  async () => {
    const result = await invokeLocally();
    const failure = invokeFailure(result);
    if (failure) {
      // One line, the cause first: a report shows a failure's first line, cut at 240 characters.
      const denied = (result.payload as { errorType?: string }).errorType === 'AccessDeniedException';
      throw new Error(
        denied
          ? `AccessDeniedException, running as the function's role: ${accessDeniedCause(await rolePolicies(), await roleScope())}`
          : failure.split('\n')[0],
      );
    }
    const response = result.payload as { statusCode?: unknown; body?: unknown };
    expect(response.statusCode, `the handler answered ${JSON.stringify(response)}`).toBe(200);
    expect(JSON.parse(String(response.body)), 'the body of GET /config/greeting').toEqual({
      name: 'greeting',
      value: parameters.greeting,
    });
  },
);

// Hints for the two ways a ParameterName misses the lab's path: the same failed read, fixed differently.
const LEADING_SLASH =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
  'SSMParameterReadPolicy writes "parameter/" itself: ParameterName is cloudlab/${Learner}/05/* with no leading slash.';
const MISSING_SUB =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
  'Only !Sub replaces ${Learner}: a plain string deploys the text "${Learner}". Write ParameterName: !Sub "cloudlab/${Learner}/05/*".';

/** The account and region of the grader's target, and what the role's ARNs must stay inside. */
async function roleScope(
  learner = lab.learner,
): Promise<RoleScopeForCheck & { accountId: string; region: string }> {
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  const region = await clients.sts.config.region();
  return {
    accountId: Account!,
    region,
    parameterArn: `arn:aws:ssm:${region}:${Account}:parameter`,
    configPath: configPath.replace(`/${lab.learner}/`, `/${learner}/`),
  };
}

/** The policies SAM gives the function's role, resolved for `learner`. */
async function rolePolicies(learner = lab.learner) {
  const { accountId, region } = await roleScope(learner);
  const template = loadTemplate(templatePath).template;
  const [fn] = serverlessFunctions(template);
  return functionRolePolicies(template, fn!.id, { accountId, region, parameters: { Learner: learner } });
}

/**
 * Why the deployed function failed, read from the function itself: API Gateway answers every failure with the
 * same 500, so the check invokes the function directly with the same request and reads Lambda's error. An
 * AccessDenied is explained from the role's policies; anything else (a timeout, a crash) is shown as it is.
 */
async function deployedFailure(): Promise<string> {
  const { StackResources = [] } = await clients.cloudformation.send(
    new DescribeStackResourcesCommand({ StackName: stackName }),
  );
  const fn = StackResources.find((r) => r.ResourceType === 'AWS::Lambda::Function');
  if (!fn?.PhysicalResourceId) return 'the stack has no Lambda function — check Resources in template.yaml';
  const lambda = createSession().client(LambdaClient);
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: fn.PhysicalResourceId,
      Payload: JSON.stringify(httpApiEvent('GET', '/config/{name}', '/config/greeting')),
    }),
  );
  if (!out.FunctionError) return 'it failed through the API but not when invoked again: call the URL again';
  const error = JSON.parse(new TextDecoder().decode(out.Payload)) as {
    errorType?: string;
    errorMessage?: string;
  };
  if (/AccessDenied/.test(`${error.errorType} ${error.errorMessage}`))
    return accessDeniedCause(await rolePolicies(), await roleScope());
  return `${error.errorType ?? 'Error'}: ${error.errorMessage ?? '(no message)'} — run \`pnpm cloudlab invoke 05\` to see the function's logs`;
}

function requireDeployed(): DeployResult {
  if (!deployed)
    throw new Error(`the stack did not deploy: ${(deployError as Error)?.message ?? 'unknown error'}`);
  return deployed;
}

check(
  'the stack deploys and its URL serves GET /config/greeting from Parameter Store',
  {
    points: 15,
    exercise: 1,
    concept: 'sam-deploy',
    timeoutMs: 60_000,
    hint: [
      'Run `pnpm cloudlab sam deploy`: it prints each stack event; a failure names the resource and the reason.',
      'A 500 from the URL with AccessDeniedException in the logs means the role cannot read the parameter: check ParameterName.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
      'Policies: [ { SSMParameterReadPolicy: { ParameterName: !Sub "cloudlab/${Learner}/05/*" } } ] — SAM writes "parameter/" before it.',
      { when: /parameter\/\//, hint: LEADING_SLASH },
      { when: /nothing substituted it/, hint: MISSING_SUB },
    ],
  },
  async () => {
    const { url } = requireDeployed();
    expect(url, 'an Output whose value is the API URL').toBeDefined();
    const response = await fetch(`${url}/config/greeting`);
    if (response.status === 500) {
      throw new Error(`/config/greeting answered 500, the function failed: ${await deployedFailure()}`);
    }
    expect(response.status, `GET ${url}/config/greeting`).toBe(200);
    expect(await response.json()).toEqual({ name: 'greeting', value: parameters.greeting });
    expect((await fetch(`${url}/config/not-there`)).status, `GET ${url}/config/not-there`).toBe(404);
  },
);

check(
  "the function's role may read only the lab's parameter path (least privilege)",
  {
    points: 10,
    exercise: 1,
    concept: 'least-privilege',
    hint: [
      'The function only reads: no wildcard actions (ssm:*, ssm:Get*), no ssm:PutParameter or DeleteParameter, no managed policy.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${} syntax in a hint
      'Use Policies: [ { SSMParameterReadPolicy: { ParameterName: !Sub "cloudlab/${Learner}/05/*" } } ].',
      { when: /parameter\/\//, hint: LEADING_SLASH },
      { when: /nothing substituted it|build ParameterName from the Learner parameter/, hint: MISSING_SUB },
      {
        when: /no "\/" after/,
        hint: 'Resources end at the lab path with "/*": …:parameter/cloudlab/<learner>/05/*, not …/05* (which also matches 05-admin).',
      },
    ],
  },
  async () => {
    const [fn] = serverlessFunctions(loadTemplate(templatePath).template);
    const managed = [fn?.props.Policies ?? []]
      .flat()
      .filter((p): p is string => typeof p === 'string' && !p.endsWith('AWSLambdaBasicExecutionRole'));
    const problems = [
      ...managed.map(
        (name) => `the managed policy ${name} grants far more than one path (use SSMParameterReadPolicy)`,
      ),
      ...roleProblems(await rolePolicies(), await roleScope()),
    ];
    // One line, the worst first: a report shows a failure's first line.
    if (problems.length) throw new Error(`the role's policies: ${problems.join(' · ')}`);
    // Built from the Learner parameter, the role follows it: another learner's stack reads that learner's path.
    const other = 'another-learner';
    const followed = roleProblems(await rolePolicies(other), await roleScope(other));
    if (followed.length) {
      throw new Error(
        `deployed with Learner=${other}, the role should read /cloudlab/${other}/05/*: build ParameterName from the Learner parameter (!Sub cloudlab/\${Learner}/05/*)`,
      );
    }
  },
);

check(
  'tearing down deletes the stack, its function and the uploaded bundles (cloudlab sam delete)',
  {
    points: 5,
    exercise: 1,
    concept: 'teardown',
    timeoutMs: 900_000,
    hint: 'Run `pnpm cloudlab sam delete`; on AWS, `sam delete` does the same for a SAM CLI deploy.',
  },
  async () => {
    requireDeployed();
    expect(
      await deleteStack({ stackName, bucket, clients, pollMs: process.env.AWS_ENDPOINT_URL ? 100 : 5000 }),
    ).toBe(true);
    await expect(
      clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName })),
    ).rejects.toThrow(/does not exist/);
    await expect(clients.s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toThrow();
  },
);
