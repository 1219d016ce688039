import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * An STS client for the target the grader set up (AWS_ENDPOINT_URL, AWS_REGION and the keys in the
 * environment), built without the code under test so a check never trusts what it is checking.
 */
export function testSts(credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider): STSClient {
  return new STSClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

export async function callerArn(
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): Promise<string> {
  const answer = await testSts(credentials).send(new GetCallerIdentityCommand({}));
  return answer.Arn ?? '';
}

/** The role lab 01 assumes: any role in the learner's account on the emulator; on AWS the one the chapter creates. */
export async function labRoleArn(): Promise<string> {
  const account = (await testSts().send(new GetCallerIdentityCommand({}))).Account;
  const learner = process.env.CLOUDLAB_LEARNER ?? 'student';
  return process.env.CLOUDLAB_LAB01_ROLE_ARN ?? `arn:aws:iam::${account}:role/cloudlab-${learner}-01-reader`;
}
