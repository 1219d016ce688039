import { afterAll } from 'vitest';

/**
 * Setup file of labs graded with `isolate: false`: one worker process runs every test file of the lab in
 * turn. A file that changes process.env (lab 01 teaches the credential chain through it), the working
 * directory or process.exitCode must not change what the next file sees, as it could not in a fresh process.
 * Vitest runs this file again before each test file, ahead of the test file's own imports: the snapshot is
 * taken here, at the top, not in a beforeAll (which runs after those imports).
 */
const env = { ...process.env };
const cwd = process.cwd();
const exitCode = process.exitCode;

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
  if (process.cwd() !== cwd) process.chdir(cwd);
  process.exitCode = exitCode;
});
