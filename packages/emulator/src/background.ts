import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `cloudlab emulator --detach` and `cloudlab emulator stop`: the emulator as a background server for a shell.
 *
 * Why: `eval "$(cloudlab emulator)"` cannot work, since command substitution waits for the command to end and
 * the server never does. With --detach the foreground process starts the server detached, waits until it
 * listens (it writes a state file, mode 0600: it holds the throwaway key), prints the `export` lines and
 * returns; the server keeps running until `cloudlab emulator stop`.
 */
export interface BackgroundState {
  pid: number;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  caBundle?: string;
  log: string;
}

/** The state folder of the course the command runs in (gitignored `.cloudlab/`). */
export function backgroundDir(cwd = process.cwd()): string {
  return resolve(cwd, '.cloudlab', 'emulator');
}

export const stateFile = (dir: string) => join(dir, 'background.json');

export function readState(dir: string): BackgroundState | undefined {
  try {
    const state = JSON.parse(readFileSync(stateFile(dir), 'utf8')) as BackgroundState;
    return isAlive(state.pid) && isBackgroundEmulator(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Written by the background server once it listens; whole or not at all. */
export function writeState(file: string, state: BackgroundState): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(state), { mode: 0o600 });
  renameSync(partial, file);
}

/**
 * Starts `entry args… --state-file F` detached, with its output in a log file, and waits until it has
 * written its state. Throws with the log's last lines when it exits first or does not listen in time.
 */
export async function startInBackground(
  entry: string,
  args: string[],
  dir: string,
): Promise<BackgroundState> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = stateFile(dir);
  rmSync(file, { force: true });
  const log = join(dir, 'emulator.log');
  const out = openSync(log, 'w', 0o600);
  const child = spawn(process.execPath, [...process.execArgv, entry, ...args, '--state-file', file], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exitCode: number | null | undefined;
  child.once('exit', (code) => {
    exitCode = code;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) break;
    const state = readState(dir);
    if (state) {
      child.unref();
      return state;
    }
    await sleep(50);
  }
  if (exitCode === undefined) child.kill('SIGKILL');
  const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-3).join('\n');
  throw new Error(
    exitCode === undefined
      ? `the background emulator did not start listening within 30 s (log: ${log})`
      : tail || `the background emulator exited with code ${exitCode} (log: ${log})`,
  );
}

/** Stops the background server (SIGTERM, then SIGKILL after 5 s); undefined when none runs. */
export async function stopBackground(dir: string): Promise<BackgroundState | undefined> {
  const state = readState(dir);
  rmSync(stateFile(dir), { force: true });
  if (!state) return undefined;
  process.kill(state.pid, 'SIGTERM');
  for (let waited = 0; waited < 5_000 && isAlive(state.pid); waited += 50) await sleep(50);
  if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  return state;
}

/** Where /proc exists, the pid must still be a background emulator (a pid can be reused after a reboot). */
function isBackgroundEmulator(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--state-file');
  } catch {
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
