import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emulatorCommand } from '../src/commands/emulator.ts';
import { CliError } from '../src/errors.ts';

/** A program holding only `cloudlab emulator`, so the test does not depend on the other commands. */
function program(): Command {
  const root = new Command('cloudlab').option('--region <region>').exitOverride();
  emulatorCommand.register(root);
  return root;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cloudlab emulator', () => {
  it('prints one JSON object with --json, serves requests, and stops cleanly on SIGTERM', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const run = program().parseAsync(['node', 'cloudlab', 'emulator', '--json', '--region', 'eu-west-1']);
    await vi.waitFor(() => expect(out.length).toBeGreaterThan(0), { timeout: 30_000 });
    const connection = JSON.parse(out[0]!);
    expect(connection).toMatchObject({
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      region: 'eu-west-1',
      accessKeyId: expect.stringMatching(/^AKIA/),
      secretAccessKey: expect.any(String),
    });
    const health = await fetch(`${connection.endpoint}/_cloudlab/health`);
    expect(health.status).toBe(200);
    process.emit('SIGTERM');
    await run;
    await expect(fetch(`${connection.endpoint}/_cloudlab/health`)).rejects.toThrow();
  }, 60_000);

  it('prints eval-able export lines without --json', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const run = program().parseAsync(['node', 'cloudlab', 'emulator']);
    await vi.waitFor(() => expect(out.length).toBeGreaterThan(0), { timeout: 30_000 });
    expect(out[0]).toMatch(/^export AWS_ENDPOINT_URL='http:\/\/127\.0\.0\.1:\d+'$/m);
    expect(out[0]).toMatch(/^export AWS_ACCESS_KEY_ID='AKIA[A-Z2-7]{16}'$/m);
    expect(out[0]).toMatch(/^export AWS_SECRET_ACCESS_KEY='.+'$/m);
    expect(out[0]).toMatch(/^export AWS_REGION='us-east-1'$/m);
    process.emit('SIGINT');
    await run;
  }, 60_000);

  it.each([
    [['--throttle', 'ssm=5'], /between 0 and 1/],
    [['--port', 'eighty'], /not a port number/],
  ])('refuses %j with a one-line CliError (exit code 2)', async (args, message) => {
    const error = await program()
      .parseAsync(['node', 'cloudlab', 'emulator', ...args])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
  });
});
