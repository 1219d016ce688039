import {
  CloudFormationClient,
  CreateChangeSetCommand,
  type CreateChangeSetCommandInput,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  ValidateTemplateCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { NO_CHANGES } from './change-sets.ts';

let emulator: RunningEmulator;
let cfn: CloudFormationClient;
beforeAll(async () => {
  emulator = await startEmulator();
  cfn = new CloudFormationClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
    maxAttempts: 1,
  });
});
afterAll(() => emulator.stop());

const waiter = {
  get client() {
    return cfn;
  },
  maxWaitTime: 10,
  minDelay: 1,
  maxDelay: 1,
};

/** A SAM function behind an HTTP API whose answer comes from a parameter, as lab 05's template is shaped. */
const template = (greeting = 'Greeting') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: change-set test
Parameters:
  ${greeting}:
    Type: String
    Default: hello
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: |
        exports.handler = async () => ({ statusCode: 200, body: process.env.GREETING });
      Environment:
        Variables:
          GREETING: !Ref ${greeting}
      Events:
        Hello:
          Type: HttpApi
          Properties: { Path: /hello, Method: get }
Outputs:
  Url:
    Value: !Sub https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.amazonaws.com/hello
`;

const outputsOf = async (stackName: string) =>
  (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];

/** What `aws cloudformation deploy` does: create a change set of the right type, wait, execute, wait. */
async function deploy(stackName: string, input: Partial<CreateChangeSetCommandInput> = {}) {
  const exists = await cfn
    .send(new DescribeStacksCommand({ StackName: stackName }))
    .then((out) => out.Stacks?.[0]?.StackStatus !== 'REVIEW_IN_PROGRESS')
    .catch(() => false);
  const name = `deploy-${Date.now()}`;
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: name,
      ChangeSetType: exists ? 'UPDATE' : 'CREATE',
      TemplateBody: template(),
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      ...input,
    }),
  );
  await waitUntilChangeSetCreateComplete(waiter, { StackName: stackName, ChangeSetName: name });
  const described = await cfn.send(
    new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: name }),
  );
  const statusBeforeExecute = (await outputsOf(stackName))?.StackStatus;
  await cfn.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: name }));
  const wait = exists ? waitUntilStackUpdateComplete : waitUntilStackCreateComplete;
  await wait(waiter, { StackName: stackName });
  return { created, described, statusBeforeExecute };
}

describe('change sets, driven as `aws cloudformation deploy` drives them', { timeout: 60_000 }, () => {
  it('creates a stack through a CREATE change set: REVIEW_IN_PROGRESS, then Add for every resource', async () => {
    const { created, described, statusBeforeExecute } = await deploy('cs-app');
    expect(statusBeforeExecute).toBe('REVIEW_IN_PROGRESS');
    expect(created.Id).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:changeSet\/deploy-\d+\/[\w-]+$/);
    expect(described).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    const adds = described.Changes?.map((c) => [
      c.ResourceChange?.Action,
      c.ResourceChange?.LogicalResourceId,
    ]);
    expect(adds).toEqual(
      expect.arrayContaining([
        ['Add', 'HelloFunction'],
        ['Add', 'HelloFunctionRole'],
        ['Add', 'ServerlessHttpApi'],
      ]),
    );
    const stack = await outputsOf('cs-app');
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    const url = stack?.Outputs?.find((o) => o.OutputKey === 'Url')?.OutputValue as string;
    const answer = await fetch(url);
    expect(await answer.text()).toBe('hello');
    const list = await cfn.send(new ListChangeSetsCommand({ StackName: 'cs-app' }));
    expect(list.Summaries?.[0]).toMatchObject({
      ExecutionStatus: 'EXECUTE_COMPLETE',
      Status: 'CREATE_COMPLETE',
    });
  });

  it('an UPDATE change set shows the function as modified in place, and the new value is served', async () => {
    const { described, statusBeforeExecute } = await deploy('cs-app', {
      Parameters: [{ ParameterKey: 'Greeting', ParameterValue: 'hi' }],
    });
    expect(described.Changes).toEqual([
      expect.objectContaining({
        Type: 'Resource',
        ResourceChange: expect.objectContaining({
          Action: 'Modify',
          LogicalResourceId: 'HelloFunction',
          ResourceType: 'AWS::Lambda::Function',
          Replacement: 'False',
        }),
      }),
    ]);
    expect(statusBeforeExecute).toBe('CREATE_COMPLETE');
    const stack = await outputsOf('cs-app');
    expect(stack?.StackStatus).toBe('UPDATE_COMPLETE');
    const url = stack?.Outputs?.find((o) => o.OutputKey === 'Url')?.OutputValue as string;
    expect(await (await fetch(url)).text()).toBe('hi');
  });

  it("a change set that changes nothing FAILS with AWS's reason, and cannot be executed", async () => {
    const input = {
      StackName: 'cs-app',
      ChangeSetName: 'nothing',
      TemplateBody: template(),
      Parameters: [{ ParameterKey: 'Greeting', ParameterValue: 'hi' }],
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'] as const,
    };
    await cfn.send(new CreateChangeSetCommand({ ...input, Capabilities: [...input.Capabilities] }));
    await expect(
      waitUntilChangeSetCreateComplete(waiter, { StackName: 'cs-app', ChangeSetName: 'nothing' }),
    ).rejects.toThrow();
    const described = await cfn.send(
      new DescribeChangeSetCommand({ StackName: 'cs-app', ChangeSetName: 'nothing' }),
    );
    expect(described).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason: NO_CHANGES,
    });
    await expect(
      cfn.send(new ExecuteChangeSetCommand({ StackName: 'cs-app', ChangeSetName: 'nothing' })),
    ).rejects.toMatchObject({ name: 'InvalidChangeSetStatusException' });
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: described.ChangeSetId }));
    await expect(
      cfn.send(new DescribeChangeSetCommand({ StackName: 'cs-app', ChangeSetName: 'nothing' })),
    ).rejects.toMatchObject({ name: 'ChangeSetNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('reads back templates, summaries and resources as the CLI and SAM CLI ask for them', async () => {
    const original = await cfn.send(new GetTemplateCommand({ StackName: 'cs-app' }));
    expect(original.TemplateBody).toContain('Transform: AWS::Serverless-2016-10-31');
    const processed = await cfn.send(
      new GetTemplateCommand({ StackName: 'cs-app', TemplateStage: 'Processed' }),
    );
    expect(JSON.parse(processed.TemplateBody ?? '{}').Resources.HelloFunction.Type).toBe(
      'AWS::Lambda::Function',
    );
    const summary = await cfn.send(new GetTemplateSummaryCommand({ TemplateBody: template() }));
    expect(summary).toMatchObject({
      Parameters: [{ ParameterKey: 'Greeting', DefaultValue: 'hello', ParameterType: 'String' }],
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      DeclaredTransforms: ['AWS::Serverless-2016-10-31'],
    });
    expect(summary.ResourceTypes).toEqual(
      expect.arrayContaining(['AWS::Lambda::Function', 'AWS::IAM::Role']),
    );
    const validated = await cfn.send(new ValidateTemplateCommand({ TemplateBody: template() }));
    expect(validated.Capabilities).toContain('CAPABILITY_IAM');
    const resources = await cfn.send(new ListStackResourcesCommand({ StackName: 'cs-app' }));
    expect(resources.StackResourceSummaries?.map((r) => r.LogicalResourceId)).toContain('HelloFunction');
    const one = await cfn.send(
      new DescribeStackResourceCommand({ StackName: 'cs-app', LogicalResourceId: 'HelloFunction' }),
    );
    expect(one.StackResourceDetail).toMatchObject({
      ResourceType: 'AWS::Lambda::Function',
      ResourceStatus: 'UPDATE_COMPLETE',
    });
    const listed = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['UPDATE_COMPLETE'] }));
    expect(listed.StackSummaries?.map((s) => s.StackName)).toContain('cs-app');
  });

  it('refuses a template with a dangling Ref or an unknown type before any change set exists', async () => {
    const base = {
      StackName: 'cs-bad',
      ChangeSetName: 'one',
      ChangeSetType: 'CREATE' as const,
      Capabilities: ['CAPABILITY_IAM' as const, 'CAPABILITY_AUTO_EXPAND' as const],
    };
    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          ...base,
          TemplateBody: template().replace('!Ref Greeting', '!Ref Nope'),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
    });
    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          ...base,
          TemplateBody: 'Resources:\n  Thing:\n    Type: Not::A::Type\n',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('Unrecognized resource types: [Not::A::Type]'),
    });
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'cs-bad' }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('a failed CREATE execution rolls back and leaves nothing deployed; the stack then deletes', async () => {
    const broken = template().replace(
      'Handler: index.handler',
      'Handler: index.handler\n      Timeout: 9999',
    );
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'cs-fail',
        ChangeSetName: 'one',
        ChangeSetType: 'CREATE',
        TemplateBody: broken,
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      }),
    );
    await cfn.send(new ExecuteChangeSetCommand({ StackName: 'cs-fail', ChangeSetName: 'one' }));
    await expect(waitUntilStackCreateComplete(waiter, { StackName: 'cs-fail' })).rejects.toThrow();
    const stack = await outputsOf('cs-fail');
    expect(stack?.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(
      (await cfn.send(new ListStackResourcesCommand({ StackName: 'cs-fail' }))).StackResourceSummaries ?? [],
    ).toEqual([]);
    await expect(
      cfn.send(new ExecuteChangeSetCommand({ StackName: 'cs-fail', ChangeSetName: 'one' })),
    ).rejects.toMatchObject({ name: 'InvalidChangeSetStatusException' });
    await cfn.send(new DeleteStackCommand({ StackName: 'cs-fail' }));
    await cfn.send(new DeleteStackCommand({ StackName: 'cs-fail' })); // a missing stack deletes quietly, as on AWS
  });
});
