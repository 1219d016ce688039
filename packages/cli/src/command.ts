import type { Command } from 'commander';

/**
 * One `cloudlab` sub-command: a file in commands/ that adds itself to the program, its description, arguments
 * and options taken from the table in cli-table.ts (see commandFrom in register-command.ts).
 */
export interface CommandModule {
  register(program: Command): void;
}
