import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { check } from '@cloudlab/grader';
import { buildFunctions, localInvoke } from '@cloudlab/sam';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  fixturesDir,
  lab,
  nodePaths,
  parameters,
  removeParameters,
  samClients,
  seedParameters,
  templatePath,
} from './support/lab.ts';

const clients = samClients();
const outDir = mkdtempSync(join(tmpdir(), 'cloudlab-05-build-'));

beforeAll(() => seedParameters(clients.ssm));
afterAll(() => removeParameters(clients.ssm));

check(
  'the function builds with esbuild into a zip holding app.js (cloudlab sam build)',
  {
    points: 5,
    exercise: 2,
    concept: 'sam-build',
    timeoutMs: 120_000,
    hint: [
      'Run `pnpm cloudlab sam build`: it bundles CodeUri/EntryPoints the way `sam build` does for BuildMethod esbuild.',
      'A compile error names the file, line and column; fix it in src/app.ts.',
    ],
  },
  async () => {
    const [built] = await buildFunctions(templatePath, { outDir, nodePaths });
    expect(Object.keys(unzipSync(built!.zip))).toContain('app.js');
  },
);

check(
  'a local invoke with fixtures/events/get-config.json answers 200 with the greeting (cloudlab invoke 05)',
  {
    points: 10,
    exercise: 2,
    concept: 'local-invoke',
    timeoutMs: 120_000,
    hint: [
      'Run `pnpm cloudlab invoke 05` and read the log lines between START and REPORT.',
      'The handler must read CONFIG_PATH from the environment, which the template sets.',
    ],
  },
  async () => {
    const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
    const event = JSON.parse(readFileSync(join(fixturesDir, 'events', 'get-config.json'), 'utf8'));
    const credentials = await clients.sts.config.credentials();
    const result = await localInvoke({
      templatePath,
      event,
      build: { outDir, nodePaths },
      aws: {
        accountId: Account!,
        region: await clients.sts.config.region(),
        parameters: { Learner: lab.learner },
        ...(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {}),
        credentials,
      },
    });
    expect(result.functionError, result.logs).toBeUndefined();
    const response = result.payload as { statusCode: number; body: string };
    expect(response.statusCode, result.logs).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ name: 'greeting', value: parameters.greeting });
  },
);
