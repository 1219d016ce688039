import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  paginateGetParametersByPath,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../index.ts';
import { clientsFor } from '../../test-support/clients.ts';

let emulator: RunningEmulator;
let ssm: SSMClient;

beforeAll(async () => {
  emulator = await startEmulator();
  ssm = clientsFor(emulator).ssm;
});
afterAll(() => emulator.stop());

const REGION_NAME = '/aws/service/global-infrastructure/regions/us-east-1/longName';
const AMI = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

describe('public parameters under /aws/service/', () => {
  it('are readable by GetParameter with an ARN that names no account', async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: REGION_NAME }));
    expect(Parameter).toMatchObject({
      Name: REGION_NAME,
      Type: 'String',
      Value: 'US East (N. Virginia)',
      DataType: 'text',
      ARN: `arn:aws:ssm:${emulator.region}::parameter${REGION_NAME}`,
    });
    const ami = (await ssm.send(new GetParameterCommand({ Name: AMI }))).Parameter;
    expect(ami?.Value).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(ami?.DataType).toBe('aws:ec2:image');
  });

  it('are read by GetParameters beside missing names and versions', async () => {
    const answer = await ssm.send(
      new GetParametersCommand({ Names: [REGION_NAME, '/aws/service/nope', `${AMI}:1`] }),
    );
    expect(answer.Parameters?.map((p) => p.Value)).toEqual(['US East (N. Virginia)']);
    expect(answer.InvalidParameters).toEqual(['/aws/service/nope', `${AMI}:1`]);
  });

  it('are listed by GetParametersByPath, one level or every level, across pages', async () => {
    const oneLevel = await ssm.send(
      new GetParametersByPathCommand({ Path: '/aws/service/global-infrastructure/regions/eu-west-1' }),
    );
    expect(oneLevel.Parameters?.map((p) => [p.Name?.split('/').pop(), p.Value])).toEqual([
      ['domain', 'amazonaws.com'],
      ['longName', 'Europe (Ireland)'],
      ['partition', 'aws'],
    ]);
    const names: string[] = [];
    for await (const page of paginateGetParametersByPath(
      { client: ssm, pageSize: 4 },
      { Path: '/aws/service/global-infrastructure/regions', Recursive: true },
    )) {
      expect(page.Parameters!.length).toBeLessThanOrEqual(4);
      names.push(...page.Parameters!.map((p) => p.Name!));
    }
    expect(names).toContain(REGION_NAME);
    expect(names.filter((x) => x.endsWith('/longName')).length).toBeGreaterThanOrEqual(5);
    expect(new Set(names).size).toBe(names.length);
  });

  it('are not writable, and a missing one is ParameterNotFound', async () => {
    await expect(
      ssm.send(
        new PutParameterCommand({ Name: REGION_NAME, Value: 'mine', Type: 'String', Overwrite: true }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(ssm.send(new DeleteParameterCommand({ Name: REGION_NAME }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
    expect((await ssm.send(new GetParameterCommand({ Name: REGION_NAME }))).Parameter?.Value).toBe(
      'US East (N. Virginia)',
    );
    await expect(
      ssm.send(new GetParameterCommand({ Name: '/aws/service/global-infrastructure/regions/xx-nowhere-1' })),
    ).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });
});
