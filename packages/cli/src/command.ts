import type { Command } from 'commander';

/** Options every command receives (see program.ts). */
export interface GlobalOptions {
  target?: string;
  endpoint?: string;
  profile?: string;
  region?: string;
  /** With --target aws-emulator: the port AWS's emulator runs on. */
  awsEmulatorPort?: string;
  debug?: boolean;
}

/** One `cloudlab` sub-command: a file in commands/ that adds itself to the program. */
export interface CommandModule {
  register(program: Command): void;
}
