import { expect, test } from 'vitest';
import { taskTimes } from './ci-task-times.mjs';

test('lists the tasks of a turbo run in start order with their offsets, durations and failures', () => {
  const summary = {
    execution: { command: 'turbo run test --concurrency=2', startTime: 1_000, endTime: 700_000 },
    tasks: [
      { taskId: '//#dev-check', execution: { startTime: 500_000, endTime: 700_000, exitCode: 0 } },
      { taskId: '@cloudlab/instructor#test', execution: { startTime: 2_000, endTime: 499_000, exitCode: 1 } },
      { taskId: '@cloudlab/course#test', execution: { startTime: 1_500, endTime: 400_000, exitCode: 0 } },
      { taskId: '@cloudlab/never-ran#test' },
    ],
  };
  expect(taskTimes(summary)).toEqual([
    'turbo run test --concurrency=2: 699.0 s',
    '    0.5 s +  398.5 s  @cloudlab/course#test',
    '    1.0 s +  497.0 s  @cloudlab/instructor#test  exit 1',
    '  499.0 s +  200.0 s  //#dev-check',
  ]);
});
