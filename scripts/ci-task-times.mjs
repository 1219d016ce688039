#!/usr/bin/env node
// Prints when each turbo task of the last runs started and how long it took, from the run summaries turbo
// writes when TURBO_RUN_SUMMARY=true (.ci/run sets it). CI's log keeps only failing tasks' output: without
// this, which of `pnpm test`'s two lanes made the run long cannot be read off a CI run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One line per task, in start order: offset from the run's start, duration, exit code, task id. */
export function taskTimes(summary) {
  const start = summary.execution.startTime;
  const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);
  const lines = [...summary.tasks]
    .filter((task) => task.execution)
    .sort((a, b) => a.execution.startTime - b.execution.startTime)
    .map(({ taskId, execution }) => {
      const exit = execution.exitCode === 0 ? '' : `  exit ${execution.exitCode ?? '?'}`;
      return `${seconds(execution.startTime - start)} s +${seconds(execution.endTime - execution.startTime)} s  ${taskId}${exit}`;
    });
  const total = seconds(summary.execution.endTime - start);
  return [`turbo ${summary.execution.command.replace(/^turbo /, '')}: ${total.trim()} s`, ...lines];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = join(process.cwd(), '.turbo', 'runs');
  let files = [];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    console.log(`ci-task-times: no turbo run summaries in ${dir} (set TURBO_RUN_SUMMARY=true)`);
  }
  const summaries = files
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
    .sort((a, b) => a.execution.startTime - b.execution.startTime);
  for (const summary of summaries) console.log(taskTimes(summary).join('\n'));
}
