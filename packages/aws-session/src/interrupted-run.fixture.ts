// A lab run that is interrupted: creates a bucket and a parameter, says "ready", then waits for Ctrl-C.
// Run as a child process by lab-resources.test.ts to prove the tracker cleans up on SIGINT.
import { S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { labResourceContext, parameterPath, ResourceTracker } from './lab-resources.ts';

const config = {
  region: process.env.AWS_REGION ?? 'us-east-1',
  endpoint: process.env.AWS_ENDPOINT_URL ?? '',
};
const clients = { s3: new S3Client({ ...config, forcePathStyle: true }), ssm: new SSMClient(config) };
const tracker = new ResourceTracker(labResourceContext('02'), clients);
tracker.installInterruptHandler((outcomes) => {
  process.stdout.write(`cleaned ${outcomes.filter((o) => o.deleted).length}\n`);
});
const bucket = await tracker.createBucket('interrupted');
const parameter = parameterPath(tracker.ctx, 'interrupted');
await clients.ssm.send(new PutParameterCommand({ Name: parameter, Value: 'x', Type: 'String' }));
tracker.track({ kind: 'ssm-parameter', id: parameter });
process.stdout.write(`ready ${bucket} ${parameter}\n`);
setInterval(() => {}, 1000);
