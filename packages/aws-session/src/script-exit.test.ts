/**
 * A learner's script that calls AWS through a session with no endpoint set starts the embedded emulator in its
 * own process: it must still end when its work does (`node whoami-script.ts` used to hang after printing).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const SCRIPT = [
  "import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';",
  "import { createSession } from './src/index.ts';",
  'const sts = createSession().client(STSClient);',
  'console.log((await sts.send(new GetCallerIdentityCommand({}))).Account);',
].join('\n');

it('a script that calls AWS through the embedded emulator exits on its own', {
  timeout: 120_000,
}, async () => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_)/.test(name)),
  );
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', SCRIPT], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  // Long enough for a loaded machine to start tsx and the emulator; a hang never ends at all.
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)));
  clearTimeout(timer);
  expect(stdout, stderr).toMatch(/^\d{12}\n$/);
  expect(code, 'exit code (null: killed after 90 s, still running)').toBe(0);
});
