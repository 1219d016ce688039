import type { Command } from 'commander';
import pc from 'picocolors';

export function wantsJson(command: Command): boolean {
  return Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
}

/**
 * Prints a command's result: JSON (2-space, one trailing newline) with --json, else the human rendering.
 * Commands build the data once and never print it twice in two shapes.
 */
export function printResult<T>(command: Command, data: T, renderHuman: (data: T) => string): void {
  process.stdout.write(wantsJson(command) ? `${JSON.stringify(data, null, 2)}\n` : `${renderHuman(data)}\n`);
}

export type Status = 'ok' | 'warn' | 'fail';

/** `✔ ok` / `! warn` / `✖ fail`, coloured when the terminal supports it (picocolors honours NO_COLOR). */
export function statusMark(status: Status): string {
  if (status === 'ok') return pc.green('✔');
  if (status === 'warn') return pc.yellow('!');
  return pc.red('✖');
}

export function dim(text: string): string {
  return pc.dim(text);
}
