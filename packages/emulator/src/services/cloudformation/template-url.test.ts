import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ValidateTemplateCommand,
  waitUntilChangeSetCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';

let emulator: RunningEmulator;
let cfn: CloudFormationClient;
const BUCKET = 'templates';
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Value:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
Outputs:
  Given:
    Value: !Ref Value
`;

beforeAll(async () => {
  emulator = await startEmulator();
  const config = { endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials };
  cfn = new CloudFormationClient({ ...config, maxAttempts: 1 });
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'stacks/app.template', Body: TEMPLATE }));
});
afterAll(() => emulator.stop());

describe('TemplateURL (what sam deploy and aws cloudformation deploy --s3-bucket send)', () => {
  it('reads a path-style URL on the emulator endpoint, as the CLIs build it from their endpoint', async () => {
    const TemplateURL = `${emulator.endpoint}/${BUCKET}/stacks/app.template`;
    const { Id } = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'from-url',
        ChangeSetName: 'first',
        ChangeSetType: 'CREATE',
        TemplateURL,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [{ ParameterKey: 'Value', ParameterValue: 'v1' }],
      }),
    );
    await waitUntilChangeSetCreateComplete(
      { client: cfn, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
      { ChangeSetName: Id },
    );
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
    expect(described.Changes?.map((c) => c.ResourceChange?.LogicalResourceId)).toEqual(['Role']);
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'from-url' }));
    expect(Stacks?.[0]).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      Outputs: [expect.objectContaining({ OutputKey: 'Given', OutputValue: 'v1' })],
    });
  });

  it('reads an AWS S3 URL in virtual-hosted style', async () => {
    const { Parameters } = await cfn.send(
      new ValidateTemplateCommand({
        TemplateURL: `https://${BUCKET}.s3.us-east-1.amazonaws.com/stacks/app.template`,
      }),
    );
    expect(Parameters?.map((p) => p.ParameterKey)).toEqual(['Value']);
  });

  it('answers ValidationError naming the object when it is not there, and creates no stack', async () => {
    const error = await cfn
      .send(
        new CreateChangeSetCommand({
          StackName: 'missing-template',
          ChangeSetName: 'first',
          ChangeSetType: 'CREATE',
          TemplateURL: `${emulator.endpoint}/${BUCKET}/nope.yaml`,
        }),
      )
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect((error as Error).message).toContain(`s3://${BUCKET}/nope.yaml`);
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'missing-template' }))).rejects.toThrow(
      /does not exist/,
    );
  });
});
