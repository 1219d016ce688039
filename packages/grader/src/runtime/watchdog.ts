import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunnerTestCase } from 'vitest';

/**
 * Vitest's per-test timeout cannot stop a *synchronous* infinite loop: the loop blocks the very event loop
 * the timer needs. So each test worker gets a tiny watchdog thread that the check pings at start and end;
 * when a check overruns its time limit plus a grace period, the thread records which check hung (with
 * check.concurrent, every check of the group still running) and kills the worker process. The runner reads
 * the records, marks those checks failed and re-runs the file without them.
 */
export const WATCHDOG_DIR_ENV = 'CLOUDLAB_WATCHDOG_DIR';
export const HUNG_CHECKS_FILE = 'hung.jsonl';
/** In the same folder: the titles of this run's canary checks, one a line (runtime/canary-setup.ts). */
export const CANARY_FILE = 'canary';
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

// Checks in flight by task id: more than one when a lab runs checks together (check.concurrent). A blocked
// event loop stops them all, and which one spins cannot be seen from here, so each still running is recorded.
const WATCHDOG_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const running = new Map();
function blocked(first) {
  for (const { check, dir } of running.values()) {
    if (!dir) continue;
    try {
      fs.mkdirSync(dir, { recursive: true });
      const record = { ...check, pid: process.pid, at: new Date().toISOString() };
      fs.appendFileSync(path.join(dir, '${HUNG_CHECKS_FILE}'), JSON.stringify(record) + '\\n');
    } catch {}
  }
  process.stderr.write('cloudlab: check "' + first.fullName + '" blocked for more than ' +
    first.timeoutMs + ' ms (an infinite loop?); stopping its test worker\\n');
  process.kill(process.pid, 'SIGKILL');
}
parentPort.on('message', (message) => {
  clearTimeout(running.get(message.id)?.timer);
  running.delete(message.id);
  if (message.type !== 'start') return;
  const timer = setTimeout(() => blocked(message.check), message.check.timeoutMs + workerData.graceMs);
  running.set(message.id, { check: message.check, dir: message.dir, timer });
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
    this.#thread.postMessage({ type: 'start', id: task.id, check, dir: process.env[WATCHDOG_DIR_ENV] });
  }

  stop(task: RunnerTestCase): void {
    (globalThis as { [THREAD_KEY]?: Worker })[THREAD_KEY]?.postMessage({ type: 'stop', id: task.id });
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
