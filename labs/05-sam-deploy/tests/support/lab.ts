import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { createSession, labResourceContext, parameterPath } from '@cloudlab/aws-session';
import type { SamClients } from '@cloudlab/sam';

/** The folder under test: the grader's CLOUDLAB_LAB_DIR (starter/ or a submission), else solution/. */
export const codeDir = process.env.CLOUDLAB_LAB_DIR ?? join(import.meta.dirname, '..', '..', 'solution');
export const templatePath = join(codeDir, 'template.yaml');
export const fixturesDir = join(import.meta.dirname, '..', '..', 'fixtures');
/** A submission graded outside the lab folder resolves its imports (the SDK) from the lab's packages. */
export const nodePaths = [join(import.meta.dirname, '..', '..', 'node_modules')];

export const lab = labResourceContext('05');
/** /cloudlab/<learner>/05: where the handler reads, and what the role may read. */
export const configPath = parameterPath(lab);

/** The fixture parameters (name → value) the config API serves. */
export const parameters: Record<string, string> = JSON.parse(
  readFileSync(join(fixturesDir, 'parameters.json'), 'utf8'),
);

/** Clients for the grader's target, built without the code under test. */
export function samClients(): SamClients & { ssm: SSMClient } {
  const session = createSession();
  return {
    cloudformation: session.client(CloudFormationClient),
    s3: session.client(S3Client),
    sts: session.client(STSClient),
    ssm: session.client(SSMClient),
  };
}

export async function seedParameters(ssm: SSMClient): Promise<void> {
  for (const [name, value] of Object.entries(parameters)) {
    await ssm.send(
      new PutParameterCommand({
        Name: `${configPath}/${name}`,
        Value: value,
        Type: 'String',
        Overwrite: true,
      }),
    );
  }
}

export async function removeParameters(ssm: SSMClient): Promise<void> {
  for (const name of Object.keys(parameters)) {
    await ssm.send(new DeleteParameterCommand({ Name: `${configPath}/${name}` })).catch(() => {});
  }
}
