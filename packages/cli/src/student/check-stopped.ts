/**
 * Said on stderr the moment the grader stops a check that overran its limit: with a loop in a function that
 * several checks call, each check waits out its own limit in turn, and a grade can take a minute or more with
 * nothing on the screen. stderr, so `--json` and the reporters' output stay clean.
 */
export function sayCheckStopped(check: { fullName: string; timeoutMs: number }): void {
  process.stderr.write(
    `cloudlab: stopped “${check.fullName}” after ${check.timeoutMs / 1000} s — a loop that never ends? The other checks go on.\n`,
  );
}
