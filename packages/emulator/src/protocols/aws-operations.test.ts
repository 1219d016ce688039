import { CloudFormationClient, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../index.ts';
import { AWS_OPERATIONS } from './aws-operations.ts';
import { awsOperationsFromSdk } from './write-aws-operations.ts';

let emulator: RunningEmulator;
let config: NonNullable<ConstructorParameters<typeof SSMClient>[0]>;

beforeAll(async () => {
  emulator = await startEmulator();
  config = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials,
    maxAttempts: 1,
  };
});
afterAll(() => emulator.stop());

describe('operations AWS has and the emulator does not serve', () => {
  it('are listed as the installed SDK clients have them (run write-aws-operations.ts when this fails)', () => {
    expect(AWS_OPERATIONS).toEqual(awsOperationsFromSdk());
  });

  it('answer NotImplemented (501) naming the operation, which the AWS CLI prints, in SSM and CloudFormation', async () => {
    const ssm = new SSMClient(config).send(new DescribeInstanceInformationCommand({}));
    await expect(ssm).rejects.toMatchObject({
      name: 'NotImplemented',
      message: expect.stringContaining('ssm:DescribeInstanceInformation'),
      $metadata: { httpStatusCode: 501 },
    });
    const cfn = new CloudFormationClient(config).send(new ListExportsCommand({}));
    await expect(cfn).rejects.toMatchObject({
      name: 'NotImplemented',
      message: expect.stringContaining('cloudformation:ListExports'),
      $metadata: { httpStatusCode: 501 },
    });
  });
});
