import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const INSTALL_BWRAP = 'sudo apt-get install -y bubblewrap';

/** Why `cloudlab batch` cannot sandbox learners here: the reason and what to do, in one line. */
export class SandboxUnavailableError extends Error {
  readonly code = 'SandboxUnavailable';
}

/** bwrap's path on PATH, or undefined. */
export function findBwrap(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'bwrap');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/**
 * Starts one throw-away sandbox (`command` in it, e.g. `true` with the real view) and says why it could not:
 * bubblewrap missing, user namespaces disabled, or whatever bwrap printed.
 */
export function probeSandbox(command: string, args: readonly string[]): void {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (run.status === 0) return;
  const said = `${run.stderr ?? ''}${run.error?.message ?? ''}`.trim().split('\n')[0] ?? '';
  const userns = /namespace|permission|not permitted|uid map|setting up uid/i.test(said)
    ? ' (user namespaces look disabled: sysctl kernel.unprivileged_userns_clone=1, or user.max_user_namespaces > 0)'
    : '';
  throw new SandboxUnavailableError(
    `cannot start the learners' sandbox: bwrap said "${said || `exit ${run.status ?? run.signal}`}"${userns} — fix that, or grade without isolation with --unsafe-no-sandbox (not for other people's code)`,
  );
}

export function missingBwrap(): SandboxUnavailableError {
  return new SandboxUnavailableError(
    `cannot sandbox learners' code: bubblewrap (bwrap) is not installed — install it with \`${INSTALL_BWRAP}\`, or grade without isolation with --unsafe-no-sandbox (not for other people's code)`,
  );
}
