import { join } from 'node:path';
import { runBatch } from '../src/index.ts';
import { ADD, makeMiniCourse } from './mini-course.ts';

const root = await makeMiniCourse({ good: ADD });
const s = await runBatch({
  submissions: join(root, 'class'),
  out: join(root, 'out'),
  courseRoot: root,
  workers: 1,
  isolation: (process.argv[2] as 'warm') ?? 'process',
  timeoutSeconds: 60,
  emulator: {
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    createAccount: () => ({ accessKeyId: 'AKIDX', secretAccessKey: 'sss' }),
  },
});
console.log(
  JSON.stringify(s.sandbox),
  JSON.stringify(
    s.records.map((r) => [
      r.learner,
      r.run?.score,
      r.flags,
      r.notes,
      r.run?.labs.map((l) => [l.errors, l.checks.map((c) => c.message)]),
    ]),
  ),
);
