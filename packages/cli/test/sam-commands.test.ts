import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');
const LAB = join(import.meta.dirname, '..', '..', '..', 'labs', '05-sam-deploy');
const scratch = mkdtempSync(join(tmpdir(), 'cloudlab-sam-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the real binary with no AWS settings, so the commands start their own emulator. */
function cloudlab(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_|C9_)/.test(name)),
  );
  const run = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of the lab 05 solution with one edit, as a student's folder. */
function studentCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(scratch, 'copy-'));
  cpSync(join(LAB, 'solution'), dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('cloudlab sam / invoke (the binary)', { timeout: 180_000 }, () => {
  it('sam validate --solution --json reports a valid template, exit 0', () => {
    const run = cloudlab(['sam', 'validate', '--solution', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, findings: [] });
  });

  it('sam local generate-event prints an HTTP API event with the path parameters of its route', () => {
    const run = cloudlab(['sam', 'local', 'generate-event', '--path', '/config/db-host']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      version: '2.0',
      routeKey: 'GET /config/{name}',
      rawPath: '/config/db-host',
      pathParameters: { name: 'db-host' },
    });
    const mismatch = cloudlab(['sam', 'local', 'generate-event', '--path', '/other']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('does not match --route /config/{name}');
  });

  it('sam validate names the line and column of a YAML error in one line, exit 1', () => {
    const dir = studentCopy((d) => {
      const file = join(d, 'template.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('Handler: app.handler', 'Handler: [app.handler'),
      );
    });
    const run = cloudlab(['sam', 'validate', join(dir, 'template.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/TemplateSyntaxError: .*template\.yaml:\d+:\d+: /);
  });

  it('invoke 05 --solution answers 200 from the seeded parameter, with the Lambda log on stderr', () => {
    const run = cloudlab(['invoke', '05', '--solution']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/START RequestId: [\s\S]*REPORT RequestId: /);
    expect(run.stdout).toContain('Hello from Parameter Store');
  });

  it('invoke 05 says the handler threw, with its error, exit 1', () => {
    const dir = studentCopy((d) =>
      writeFileSync(
        join(d, 'src', 'app.ts'),
        "export const handler = async () => { throw new TypeError('no config'); };\n",
      ),
    );
    const run = cloudlab(['invoke', '05', '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the handler threw TypeError: no config');
  });

  it('sam deploy --solution --json deploys into its own emulator and prints the outputs', () => {
    const run = cloudlab(['sam', 'deploy', '--solution', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_api\/\w+$/);
    expect(run.stderr).toContain('CREATE_COMPLETE        AWS::Lambda::Function');
    // Through a change set, shown before it runs; stdin is a pipe here, so nothing asks for confirmation.
    expect(result.changeSet).toMatchObject({ type: 'CREATE', empty: false });
    expect(run.stderr).toMatch(/^Add +ConfigFunction +AWS::Lambda::Function +N\/A$/m);
    expect(run.stderr).not.toContain('Deploy this changeset?');
    expect(run.stderr.indexOf('Add ')).toBeLessThan(run.stderr.indexOf('CREATE_COMPLETE'));
  });

  // util-linux `script` gives the command a terminal, where the change set waits for an answer.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  const inTerminal = (args: string[], answer: string) => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_|C9_)/.test(name)),
    );
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    return spawnSync('script', ['-qec', command, '/dev/null'], {
      env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' },
      input: answer,
      encoding: 'utf8',
      timeout: 150_000,
    });
  };

  it.runIf(hasScript)(
    'on a terminal, asks before executing the change set; "n" deploys nothing, exit 0',
    () => {
      const run = inTerminal(['deploy', '05', '--solution'], 'n\n');
      expect(run.status, run.stdout).toBe(0);
      expect(run.stdout).toContain('Deploy this changeset? [y/N]');
      expect(run.stdout).toMatch(/Not deployed: change set cloudlab-deploy\d+ deleted/);
      expect(run.stdout).not.toContain('CREATE_COMPLETE');
    },
  );

  it.runIf(hasScript)('--no-confirm-changeset executes without asking, even on a terminal', () => {
    const run = inTerminal(['deploy', '05', '--solution', '--no-confirm-changeset'], '');
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('Deploy this changeset?');
    expect(run.stdout).toContain('cloudlab-student-05-app CREATE_COMPLETE');
  });

  it('sam delete without an endpoint explains there is nothing to delete, exit 2', () => {
    const run = cloudlab(['sam', 'delete']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^cloudlab: nothing to delete: /);
  });
});
