import { readFileSync } from 'node:fs';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  type EmulatorHandle,
  type Session,
  startEmbeddedEmulator,
  stopEmbeddedEmulator,
} from '@cloudlab/aws-session';
import type { SamClients } from './deploy-stack.ts';

/**
 * Where deploy and local invoke send their calls: a session's target (emulator endpoint, any endpoint, AWS), or an
 * emulator started in this process — then the caller owns its lifetime and can mint role-scoped credentials.
 */
export interface SamTarget {
  clients: SamClients & { ssm: SSMClient };
  accountId: string;
  region: string;
  /** Undefined for real AWS. */
  endpoint?: string;
  /** Set when this process started the emulator: its state ends with close(). */
  emulator?: EmulatorHandle;
  close(): Promise<void>;
}

export async function startSamEmulator(region = 'us-east-1'): Promise<SamTarget> {
  // aws-session loads the emulator only here: the rest of this package runs in a lab's test worker, which needs no server.
  const emulator = await startEmbeddedEmulator(region);
  const config = { endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials };
  const clients = {
    cloudformation: new CloudFormationClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sts: new STSClient(config),
    ssm: new SSMClient(config),
  };
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  return {
    clients,
    accountId: Account!,
    region: emulator.region,
    endpoint: emulator.endpoint,
    emulator,
    close: async () => {
      await stopEmbeddedEmulator(emulator);
    },
  };
}

export async function samTargetOf(session: Session): Promise<SamTarget> {
  const clients = {
    cloudformation: session.client(CloudFormationClient),
    s3: session.client(S3Client),
    sts: session.client(STSClient),
    ssm: session.client(SSMClient),
  };
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  return {
    clients,
    accountId: Account!,
    region: session.region,
    endpoint: await session.endpoint(),
    close: () => session.close(),
  };
}

/** Puts each name → value of a JSON file under `path` (a lab's fixtures/parameters.json); returns the full names. */
export async function seedParameters(ssm: SSMClient, file: string, path: string): Promise<string[]> {
  const parameters = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const names: string[] = [];
  for (const [name, value] of Object.entries(parameters)) {
    const full = `${path}/${name}`;
    await ssm.send(new PutParameterCommand({ Name: full, Value: value, Type: 'String', Overwrite: true }));
    names.push(full);
  }
  return names;
}
