import { createRequire } from 'node:module';
import {
  type Capability,
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStacksCommand,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';

let emulator: RunningEmulator;
let cfn: CloudFormationClient;
let lambda: LambdaClient;
const CAPS = ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;
const lambdaSdk = createRequire(import.meta.url).resolve('@aws-sdk/client-lambda');

beforeAll(async () => {
  emulator = await startEmulator();
  const config = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
    maxAttempts: 1,
  };
  cfn = new CloudFormationClient(config);
  lambda = new LambdaClient(config);
});
afterAll(() => emulator.stop());

/** A SAM template whose function lists Lambda functions with its own role's credentials. */
function samTemplate(options: { policies?: string; runtime?: string; body?: string } = {}) {
  const code = options.body
    ? `\n        ${options.body}`
    : `
        const { LambdaClient, ListFunctionsCommand } = require(${JSON.stringify(lambdaSdk)});
        exports.handler = async (event) => {
          try {
            const out = await new LambdaClient({}).send(new ListFunctionsCommand({}));
            return { statusCode: 200, body: JSON.stringify({ name: event.pathParameters.name, count: out.Functions.length }) };
          } catch (error) {
            return { statusCode: 403, body: JSON.stringify({ error: error.name }) };
          }
        };`;
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: test stack
Parameters:
  Greeting:
    Type: String
    Default: hello
Resources:
  ConfigFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${options.runtime ?? 'nodejs22.x'}
      Handler: index.handler
      Timeout: 5
      Environment:
        Variables:
          GREETING: !Ref Greeting
      InlineCode: |${code.replace(/^/gm, '  ')}
${options.policies ?? ''}
      Events:
        GetConfig:
          Type: HttpApi
          Properties:
            Path: /config/{name}
            Method: GET
Outputs:
  ApiUrl:
    Value: !Sub "https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.amazonaws.com/config"
  FunctionArn:
    Value: !GetAtt ConfigFunction.Arn
`;
}

const create = (name: string, body: string, caps: readonly string[] = CAPS) =>
  cfn.send(
    new CreateStackCommand({ StackName: name, TemplateBody: body, Capabilities: [...caps] as Capability[] }),
  );
const stackOf = async (name: string) =>
  (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
const functionNames = async () =>
  ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName);

describe('CloudFormation subset with the SAM transform', () => {
  it('deploys a SAM function behind an HTTP API whose output URL answers through the function', async () => {
    const policies = `      Policies:
        - Statement:
            - Effect: Allow
              Action: lambda:ListFunctions
              Resource: '*'`;
    await create('api-stack', samTemplate({ policies }));
    const stack = await stackOf('api-stack');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const url = stack.Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue ?? '';
    expect(url.startsWith(`${emulator.endpoint}/_api/`)).toBe(true);
    const res = await fetch(`${url}/greeting`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'greeting', count: 1 });
    const resources = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'api-stack' }));
    expect(resources.StackResources?.map((r) => r.ResourceType).sort()).toEqual([
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::Stage',
      'AWS::IAM::Role',
      'AWS::Lambda::Function',
      'AWS::Lambda::Permission',
    ]);
  });

  it('enforces the execution role: without the permission the function is denied, as on AWS', async () => {
    await create('no-perm-stack', samTemplate());
    const url = (await stackOf('no-perm-stack')).Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue;
    const res = await fetch(`${url}/x`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'AccessDeniedException' });
  });

  it('answers 500 Internal Server Error when the function throws, as API Gateway does', async () => {
    await create(
      'throwing-stack',
      samTemplate({ body: 'exports.handler = async () => { throw new Error("boom"); };' }),
    );
    const url = (await stackOf('throwing-stack')).Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue;
    const res = await fetch(`${url}/x`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect((await fetch(`${url}/x/too/deep`)).status).toBe(404);
  });

  it('shows the expanded role policy in the processed template', async () => {
    const policies = `      Policies:
        - SSMParameterReadPolicy:
            ParameterName: cloudlab/student/05-sam-deploy/*`;
    await create('policy-stack', samTemplate({ policies }));
    const processed = JSON.parse(
      (await cfn.send(new GetTemplateCommand({ StackName: 'policy-stack', TemplateStage: 'Processed' })))
        .TemplateBody!,
    );
    const role = processed.Resources.ConfigFunctionRole.Properties;
    expect(role.Policies[0].PolicyDocument.Statement[1]).toEqual({
      Effect: 'Allow',
      Action: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
      Resource: {
        'Fn::Sub': [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${parameterName}',
          { parameterName: 'cloudlab/student/05-sam-deploy/*' },
        ],
      },
    });
  });

  it('rolls back a stack whose function fails to create, with events saying why, leaving no function', async () => {
    const before = await functionNames();
    await create('failing-stack', samTemplate({ runtime: 'nodejs8.10' }));
    const stack = await stackOf('failing-stack');
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(stack.StackStatusReason).toContain('[ConfigFunction]');
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'failing-stack' }))).StackEvents ?? [];
    const failed = events.find((e) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed?.LogicalResourceId).toBe('ConfigFunction');
    expect(failed?.ResourceStatusReason).toContain('nodejs8.10');
    expect(
      events.some(
        (e) => e.LogicalResourceId === 'ConfigFunctionRole' && e.ResourceStatus === 'DELETE_COMPLETE',
      ),
    ).toBe(true);
    expect(await functionNames()).toEqual(before);
    await cfn.send(new DeleteStackCommand({ StackName: 'failing-stack' }));
    await expect(stackOf('failing-stack')).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('deletes every resource of a stack with DeleteStack', async () => {
    await create('delete-stack', samTemplate());
    const fn =
      (await stackOf('delete-stack')).Outputs?.find((o) => o.OutputKey === 'FunctionArn')?.OutputValue ?? '';
    const url = (await stackOf('delete-stack')).Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue;
    expect(await functionNames()).toContain(fn.split(':').at(-1));
    await cfn.send(new DeleteStackCommand({ StackName: 'delete-stack' }));
    expect(await functionNames()).not.toContain(fn.split(':').at(-1));
    expect((await fetch(`${url}/x`)).status).toBe(404);
  });

  it('lists a deleted stack as DELETE_COMPLETE with its DeletionTime, as aws cloudformation list-stacks does', async () => {
    const roleOnly = `Description: listed after delete
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
`;
    const { StackId } = await create('listed-after-delete', roleOnly);
    await cfn.send(new DeleteStackCommand({ StackName: 'listed-after-delete' }));
    const deleted = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    const summary = deleted.StackSummaries?.find((s) => s.StackId === StackId);
    expect(summary).toMatchObject({
      StackName: 'listed-after-delete',
      StackStatus: 'DELETE_COMPLETE',
      TemplateDescription: 'listed after delete',
    });
    expect(summary?.DeletionTime).toBeInstanceOf(Date);
    const live = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['CREATE_COMPLETE'] }));
    expect(live.StackSummaries?.map((s) => s.StackId)).not.toContain(StackId);
  });

  it('keeps a failed create as CREATE_FAILED with DisableRollback, and deletes it with OnFailure DELETE', async () => {
    const failing = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
  Queue:
    Type: AWS::SQS::Queue
    DependsOn: Role
`;
    await cfn.send(
      new CreateStackCommand({
        StackName: 'kept-on-failure',
        TemplateBody: failing,
        Capabilities: ['CAPABILITY_IAM'],
        DisableRollback: true,
      }),
    );
    expect(await stackOf('kept-on-failure')).toMatchObject({
      StackStatus: 'CREATE_FAILED',
      DisableRollback: true,
    });
    const kept = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'kept-on-failure' }));
    expect(kept.StackResources?.map((r) => [r.LogicalResourceId, r.ResourceStatus])).toEqual([
      ['Role', 'CREATE_COMPLETE'],
    ]);

    const { StackId } = await cfn.send(
      new CreateStackCommand({
        StackName: 'deleted-on-failure',
        TemplateBody: failing,
        Capabilities: ['CAPABILITY_IAM'],
        OnFailure: 'DELETE',
      }),
    );
    await expect(stackOf('deleted-on-failure')).rejects.toMatchObject({ name: 'ValidationError' });
    const deleted = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    expect(deleted.StackSummaries?.map((s) => s.StackId)).toContain(StackId);
  });

  it('updates a stack in place, replacing only what changed', async () => {
    await create('update-stack', samTemplate({ body: 'exports.handler = async () => "v1";' }));
    const before = await stackOf('update-stack');
    await cfn.send(
      new UpdateStackCommand({
        StackName: 'update-stack',
        TemplateBody: samTemplate({ body: 'exports.handler = async () => "v2";' }),
        Capabilities: [...CAPS],
      }),
    );
    const after = await stackOf('update-stack');
    expect(after.StackStatus).toBe('UPDATE_COMPLETE');
    const url = after.Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue;
    expect(url).toBe(before.Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue);
    expect(await (await fetch(`${url}/x`)).text()).toBe('v2');
    const arn = (s: typeof after) => s.Outputs?.find((o) => o.OutputKey === 'FunctionArn')?.OutputValue;
    expect(arn(after)).toBe(arn(before));
  });

  it('refuses a transform without CAPABILITY_AUTO_EXPAND and IAM resources without CAPABILITY_IAM', async () => {
    await expect(create('caps-1', samTemplate(), ['CAPABILITY_IAM'])).rejects.toMatchObject({
      name: 'InsufficientCapabilitiesException',
    });
    await expect(create('caps-2', samTemplate(), ['CAPABILITY_AUTO_EXPAND'])).rejects.toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: expect.stringContaining('CAPABILITY_IAM'),
    });
    await expect(stackOf('caps-1')).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('refuses a template whose Resources is empty, in CreateStack and ValidateTemplate', async () => {
    const refusal = {
      name: 'ValidationError',
      message: 'Template format error: At least one Resources member must be defined.',
    };
    await expect(create('no-resources', 'Resources: {}\n')).rejects.toMatchObject(refusal);
    await expect(
      cfn.send(new ValidateTemplateCommand({ TemplateBody: 'Resources: {}\n' })),
    ).rejects.toMatchObject(refusal);
    await expect(stackOf('no-resources')).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('answers a YAML error with its line and column, and creates no stack', async () => {
    await expect(
      create('bad-yaml', 'Resources:\n  Fn:\n    Type: [AWS::Lambda::Function\n'),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/Template format error: line \d+, column \d+/),
    });
    await expect(stackOf('bad-yaml')).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('answers a SAM error (local CodeUri) as a transform failure', async () => {
    const body = samTemplate().replace(/InlineCode: \|[\s\S]*?\n(?= {6}Events)/, 'CodeUri: src/\n');
    await expect(create('local-code', body)).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("'CodeUri' is not a valid S3 Uri"),
    });
  });
});
