/** Documented exit codes of every `cloudlab` command (README, "Exit codes"). */
export const ExitCode = {
  ok: 0,
  checksFailed: 1,
  usageOrEnvironment: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
