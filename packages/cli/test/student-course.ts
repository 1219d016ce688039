import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', 'bin', 'cloudlab.js');
const REPO = join(import.meta.dirname, '..', '..', '..');
const FIXTURE_LABS = join(REPO, 'packages/grader/test/fixtures/labs');

export interface ScratchCourse {
  root: string;
  lab(folder: string, ...path: string[]): string;
  remove(): Promise<void>;
}

/**
 * A throw-away course folder with copies of the grader's fixture labs (and, on request, the repository's
 * scripts/ so `cloudlab reset` can run the real starter generator). It lives inside this package so the
 * labs resolve `@cloudlab/grader` through packages/cli/node_modules.
 */
export async function scratchCourse(
  labs: string[],
  options: { scripts?: boolean } = {},
): Promise<ScratchCourse> {
  const root = await mkdtemp(join(import.meta.dirname, '.tmp-'));
  // mkdtemp makes it 0700; the batch's sandbox tests walk this repository as another uid at the same time.
  await chmod(root, 0o755);
  for (const folder of labs)
    await cp(join(FIXTURE_LABS, folder), join(root, 'labs', folder), { recursive: true });
  if (options.scripts) await cp(join(REPO, 'scripts'), join(root, 'scripts'), { recursive: true });
  return {
    root,
    lab: (folder, ...path) => join(root, 'labs', folder, ...path),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The environment of a student's shell: no AWS or cloudlab settings of the developer, no colours. */
export function studentEnv(root: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CLOUDLAB_|C9_)/.test(name)),
  );
  return { ...env, CLOUDLAB_COURSE_DIR: root, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' };
}

/**
 * How long one run of the binary may take before it is stopped: under the callers' test timeouts (180 s and
 * more), and far over what a grade of a fixture lab takes on a busy 2-core CI (~20 s). spawnSync blocks the
 * event loop, so Vitest's own timeout cannot stop a hung run; this is what does.
 */
const RUN_TIMEOUT_MS = 170_000;

/** Runs the real `cloudlab` binary in the course. */
export function cloudlab(root: string, args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    env: studentEnv(root),
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
  });
  // A run stopped at the limit would otherwise surface as exit 143 or an empty JSON: say what happened.
  if (run.error) {
    throw new Error(
      `cloudlab ${args.join(' ')}: ${run.error.message} (limit ${RUN_TIMEOUT_MS / 1000} s)\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`,
    );
  }
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
