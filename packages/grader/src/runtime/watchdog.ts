import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunnerTestCase } from 'vitest';

/**
 * Vitest's per-test timeout cannot stop a *synchronous* infinite loop: the loop blocks the very event loop
 * the timer needs. So each test worker gets a tiny watchdog thread that the check pings at start and end;
 * when a check overruns its time limit plus a grace period, the thread records which check hung and kills
 * the worker process. The runner reads the record, marks the check failed and re-runs the file without it.
 */
export const WATCHDOG_DIR_ENV = 'CLOUDLAB_WATCHDOG_DIR';
export const HUNG_CHECKS_FILE = 'hung.jsonl';
/** Set while a person debugs the checks (`cloudlab grade --inspect`): no time limits, no watchdog. */
export const DEBUG_CHECKS_ENV = 'CLOUDLAB_DEBUG_CHECKS';
const GRACE_MS = 2_000;
const THREAD_KEY = Symbol.for('cloudlab.watchdog.thread');

export interface HungCheckRecord {
  file: string;
  fullName: string;
  timeoutMs: number;
  pid: number;
  at: string;
}

const WATCHDOG_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
let timer;
parentPort.on('message', (message) => {
  clearTimeout(timer);
  if (message.type !== 'start') return;
  timer = setTimeout(() => {
    if (message.dir) {
      try {
        fs.mkdirSync(message.dir, { recursive: true });
        const record = { ...message.check, pid: process.pid, at: new Date().toISOString() };
        fs.appendFileSync(path.join(message.dir, '${HUNG_CHECKS_FILE}'), JSON.stringify(record) + '\\n');
      } catch {}
    }
    process.stderr.write('cloudlab: check "' + message.check.fullName + '" blocked for more than ' +
      message.check.timeoutMs + ' ms (an infinite loop?); stopping its test worker\\n');
    process.kill(process.pid, 'SIGKILL');
  }, message.check.timeoutMs + workerData.graceMs);
});
`;

/** "describe > test" as Vitest's reporter API spells `TestCase.fullName`. */
export function fullNameOf(task: RunnerTestCase): string {
  const names = [task.name];
  for (let suite = task.suite; suite && suite !== task.file && suite.name; suite = suite.suite)
    names.unshift(suite.name);
  return names.join(' > ');
}

export function readHungChecks(dir: string | undefined): HungCheckRecord[] {
  if (!dir) return [];
  try {
    return readFileSync(join(dir, HUNG_CHECKS_FILE), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as HungCheckRecord);
  } catch {
    return [];
  }
}

class Watchdog {
  /**
   * One thread per process, kept on globalThis: a kept test worker (runner/kept-forks-pool.ts) evaluates this
   * module afresh each run, and a thread per evaluation would pile up.
   */
  get #thread(): Worker {
    const global = globalThis as { [THREAD_KEY]?: Worker };
    global[THREAD_KEY] ??= this.#spawn();
    return global[THREAD_KEY];
  }
  #quarantine: Set<string> | undefined;

  start(task: RunnerTestCase, timeoutMs: number): void {
    if (process.env[DEBUG_CHECKS_ENV]) return;
    const check = { file: task.file.filepath, fullName: fullNameOf(task), timeoutMs };
    this.#thread.postMessage({ type: 'start', check, dir: process.env[WATCHDOG_DIR_ENV] });
  }

  stop(): void {
    (globalThis as { [THREAD_KEY]?: Worker })[THREAD_KEY]?.postMessage({ type: 'stop' });
  }

  isQuarantined(task: RunnerTestCase): boolean {
    this.#quarantine ??= new Set(
      readHungChecks(process.env[WATCHDOG_DIR_ENV]).map((hung) => `${hung.file}\0${hung.fullName}`),
    );
    return this.#quarantine.has(`${task.file.filepath}\0${fullNameOf(task)}`);
  }

  #spawn(): Worker {
    const thread = new Worker(WATCHDOG_THREAD, {
      eval: true,
      workerData: { graceMs: GRACE_MS },
    });
    thread.unref();
    return thread;
  }
}

export const watchdog = new Watchdog();
