import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { whoami } from './whoami.ts';

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

function client() {
  return new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'x' } });
}

describe('whoami', () => {
  it.each([
    ['arn:aws:iam::111122223333:user/alice', 'iam-user', 'alice'],
    ['arn:aws:sts::111122223333:assumed-role/Cloud9Role/i-0123', 'assumed-role', 'Cloud9Role'],
    ['arn:aws:iam::111122223333:root', 'root', 'root'],
    ['arn:aws:sts::111122223333:federated-user/bob', 'federated-user', 'bob'],
  ])('reports %s as a %s named %s', async (arn, type, name) => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: arn, UserId: 'AIDA1' });
    const identity = await whoami(client());
    expect(identity).toMatchObject({ account: '111122223333', arn, principal: { type, name } });
  });

  it('turns an expired session token into ExpiredToken with the next step', async () => {
    sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('The security token included in the request is expired'), {
        name: 'ExpiredToken',
      }),
    );
    await expect(whoami(client())).rejects.toThrow(/^ExpiredToken: .*get fresh credentials/);
  });

  it('turns a rejected access key into its AWS code and a fix', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('bad'), { name: 'InvalidClientTokenId' }));
    await expect(whoami(client())).rejects.toThrow(/^InvalidClientTokenId: .*aws configure list/);
  });
});
