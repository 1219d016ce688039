/**
 * The hostile-submission suite (issue #20): one learner per attack class, graded by the real batch in both
 * isolation modes beside honest control learners, each learner in its own sandbox (SECURITY.md, item 3).
 * No attack may gain a point, no control's score may change, no secret may reach any output, and the class's
 * maxima come from the course, never from a learner. A sandbox attacker's `add` is right only if its attack
 * worked, so "gains no point" is what shows the attack failed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { writeTestManifest } from '@cloudlab/grader/course';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchEmulator } from '../src/batch/grade-submission.ts';
import { type BatchSummary, runBatch, type SubmissionRecord } from '../src/index.ts';
import { ADD, MUL, makeMiniCourse } from './mini-course.ts';

const TODO = "export function add(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n";
const MUL_TODO = "export function mul(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n";

// Blanket forgeries from inside the test worker's realm, one learner folder each (caught by the verdict probes).
const REALM_ATTACKS = join(import.meta.dirname, 'fixtures/realm-attacks');

// Filled in once the course exists: the attacker edits the course's own tests while it is graded.
const COURSE_TEST = { path: '' };
/** Right only when the attack in `attack` (code that sets `won`) succeeded. */
const WINS_IF = (attack: string) =>
  `let won = false;\n${attack}\nexport function add(a: number, b: number): number {\n  if (won) return a + b;\n  throw new Error('TODO(1)');\n}\n`;
// A process outside every sandbox holding secrets in its environment, as the batch or another learner's grading
// child does: attackers read its /proc/<pid>/environ and try to kill it.
const DECOY_SECRET = `decoy${randomBytes(12).toString('hex')}`;
// `sleep <this>` marks the background process the setsid attacker leaves: none may be alive after the batch.
const ORPHAN_SECONDS = `600.${randomInt(100_000, 999_999)}`;

/** Learner → math.ts. Each attacker hands in the unsolved starter plus its attack. */
const CLASS: Record<string, string> = {
  'control-good': ADD,
  'control-todo': TODO,
  // 1000 points per check: the rubric rewritten in the worker before the verdict is sent.
  'thousand-points': `import { afterEach } from 'vitest';\nafterEach((context) => {\n  const meta = context.task.meta as { cloudlab?: { points: number } };\n  if (meta.cloudlab) meta.cloudlab.points = 1000;\n  context.task.result = { state: 'pass' } as typeof context.task.result;\n});\n${TODO}`,
  // Every verdict rewritten to pass once Vitest has set it (the canary passes too).
  'forged-passes': `import { beforeEach } from 'vitest';\nbeforeEach((context) => {\n  context.onTestFinished(() => {\n    context.task.result = { state: 'pass' } as typeof context.task.result;\n  });\n});\n${TODO}`,
  // Patches the assertion library when imported (every expect() passes): graded first, so in warm mode the
  // next learners would run in the same worker. Its own run is in-realm (SECURITY.md, item 2): not asserted.
  'aa-patches-expect': `import { expect } from 'vitest';\nObject.getPrototypeOf(expect(0)).assert = () => undefined;\nexport const add = (a: number, b: number): number => 0;\n`,
  // Edits the course's tests while graded (its code is written once the course's path is known).
  'ab-edits-course-tests': TODO,
  // A check of its own, worth 50 points.
  'extra-check': `import { test } from 'vitest';\ntest('bonus', { meta: { cloudlab: { points: 50, hints: ['x'], timeoutMs: 1000 } } }, () => {});\n${TODO}`,
};

// The tiny course calls no AWS API: an account is just a pair of random keys to follow through the path.
const issuedSecrets: string[] = [];
const fakeEmulator: BatchEmulator = {
  endpoint: 'http://127.0.0.1:9',
  region: 'us-east-1',
  createAccount: () => {
    const secretAccessKey = randomBytes(20).toString('hex');
    issuedSecrets.push(secretAccessKey);
    return { accessKeyId: `AKID${randomBytes(6).toString('hex')}`, secretAccessKey };
  },
};

/** The attacks that only a sandbox stops (filled in once the decoy, the listener and the paths exist). */
function sandboxAttacks(paths: {
  root: string;
  decoyPid: number;
  listenerPort: number;
  outs: string[];
}): Record<string, string> {
  const outs = JSON.stringify(paths.outs);
  return {
    // Another process's environment (another learner's keys, the batch's secrets) through /proc.
    'reads-environ': WINS_IF(
      `import { readdirSync, readFileSync } from 'node:fs';\nlet seen = '';\nfor (const pid of [${paths.decoyPid}, ${process.pid}, ...readdirSync('/proc').filter((p) => /^\\d+$/.test(p))]) {\n  try { seen += readFileSync(\`/proc/\${pid}/environ\`, 'utf8'); } catch {}\n}\nwon = seen.includes(${JSON.stringify(DECOY_SECRET)});\nif (won) console.log(seen);`,
    ),
    // Kills the batch (here: the test process, which runs it) and the decoy.
    'kills-batch': WINS_IF(
      `for (const pid of [${paths.decoyPid}, ${process.pid}]) {\n  try { process.kill(pid, 'SIGKILL'); won = true; } catch {}\n}`,
    ),
    // Leaves a process in a session of its own behind (batch-limits.test.ts has one that also hangs to the timeout).
    'setsid-orphan': `import { spawn } from 'node:child_process';\nspawn('sleep', ['${ORPHAN_SECONDS}'], { detached: true, stdio: 'ignore' }).unref();\n${TODO}`,
    // The instructor's solution by absolute path.
    'reads-solution': WINS_IF(
      `import { readFileSync } from 'node:fs';\ntry { won = readFileSync(${JSON.stringify(join(paths.root, 'labs/01-mini/solution/math.ts'))}, 'utf8').includes('a + b'); } catch {}`,
    ),
    // Plants a results file and rewrites the gradebook.
    'writes-results': WINS_IF(
      `import { mkdirSync, writeFileSync } from 'node:fs';\nfor (const out of ${outs}) {\n  try { mkdirSync(out + '/results', { recursive: true }); writeFileSync(out + '/results/planted.json', '{}'); writeFileSync(out + '/gradebook.csv', 'planted'); won = true; } catch {}\n}`,
    ),
    // The batch's HMAC key (with it, a forged results file would verify). A file the sandbox user may not read
    // shows as empty (unreadable-paths.ts): only its bytes are a win.
    'reads-batch-key': WINS_IF(
      `import { readFileSync } from 'node:fs';\nfor (const out of ${outs}) {\n  try { if (readFileSync(out + '/.batch-key').length > 0) won = true; } catch {}\n}`,
    ),
    // As many processes as it can start.
    'fork-bomb': `import { spawn } from 'node:child_process';\ntry { for (let i = 0; i < 3000; i++) spawn('sleep', ['${ORPHAN_SECONDS}'], { stdio: 'ignore' }).on('error', () => {}); } catch {}\n${TODO}`,
    // Memory outside the V8 heap (the heap cap does not see it): only the sandbox's memory limit stops it.
    'memory-bomb': `const hog: Buffer[] = [];\nfor (;;) hog.push(Buffer.alloc(64 * 2 ** 20, 1));\n${TODO}`,
    // Fills its own folder.
    'disk-fill': `import { appendFileSync } from 'node:fs';\nconst chunk = Buffer.alloc(2 ** 20, 1);\nfor (let i = 0; i < 4096; i++) appendFileSync(new URL('./fill.bin', import.meta.url), chunk);\n${TODO}`,
    // Calls out: to a listener on this machine (loopback and every other address of it).
    'net-egress': WINS_IF(
      `import { connect } from 'node:net';\nimport { networkInterfaces } from 'node:os';\nconst hosts = ['127.0.0.1', ...Object.values(networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4').map((i) => i!.address)];\nawait Promise.all(hosts.map((host) => new Promise<void>((done) => {\n  const socket = connect(${paths.listenerPort}, host, () => { won = true; socket.end(); done(); });\n  socket.on('error', () => done());\n  setTimeout(() => { socket.destroy(); done(); }, 3000);\n})));`,
    ),
  };
}
const SANDBOX_ATTACKERS = [
  'reads-environ',
  'kills-batch',
  'setsid-orphan',
  'reads-solution',
  'writes-results',
  'reads-batch-key',
  'fork-bomb',
  'memory-bomb',
  'disk-fill',
  'net-egress',
];
// Those that harm only themselves: 0, and the record says why — a sandbox limit names itself, never a forgery.
// The note names the lab the grading child was on when the limit was seen. 01-mini and 02-mul share one Vitest
// run in warm mode, and a limit counted after one of them reported (the counters may lag the kill) names both
// (lab-failure.ts); clean CI once saw "02-mul" alone for the memory bomb in 01-mini, before that note existed.
const SELF_HARM: Record<string, { flag: string; note: RegExp }> = {
  'fork-bomb': {
    flag: 'crashed',
    note: /^(01-mini|02-mul|01-mini or 02-mul \(graded in one run\)): stopped: the sandbox's task limit \(512 processes and threads\) was reached — your code starts processes or threads without bound$/,
  },
  'memory-bomb': {
    flag: 'crashed',
    note: /^(01-mini|02-mul|01-mini or 02-mul \(graded in one run\)): stopped: the sandbox's memory limit \(1536 MB\) was reached — your code allocates without bound$/,
  },
  'disk-fill': { flag: '', note: /EFBIG: file too large/ },
};

let root: string;
let decoy: ChildProcess;
let listener: Server;
let connections = 0;
beforeAll(async () => {
  decoy = spawn('sleep', ['900'], {
    stdio: 'ignore',
    env: { PATH: process.env.PATH, AWS_SECRET_ACCESS_KEY: DECOY_SECRET, INSTRUCTOR_TOKEN: DECOY_SECRET },
  });
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((done) => listener.listen(0, '0.0.0.0', done));
  const listenerPort = (listener.address() as { port: number }).port;
  // The course's folder is only known once made: the class is written in two steps.
  const placeholder = Object.fromEntries(SANDBOX_ATTACKERS.map((learner) => [learner, TODO]));
  const everyone = { ...CLASS, ...placeholder };
  // Two labs that share one Vitest instance and one kept worker (isolate: false), as the course's labs do.
  const mul = Object.fromEntries(
    Object.keys(everyone).map((learner) => [learner, learner === 'control-good' ? MUL : MUL_TODO]),
  );
  root = await makeMiniCourse(everyone, { mul });
  const attacks = sandboxAttacks({
    root,
    decoyPid: decoy.pid!,
    listenerPort,
    outs: ['warm', 'process'].map((mode) => join(root, `out-${mode}`)),
  });
  for (const [learner, code] of Object.entries(attacks))
    await writeFile(join(root, 'class', learner, '01-mini/math.ts'), code);
  COURSE_TEST.path = join(root, 'labs/01-mini/tests/math.test.ts');
  // Appends a comment to the course's test file when imported: the course's manifest no longer matches.
  await writeFile(
    join(root, 'class/ab-edits-course-tests/01-mini/math.ts'),
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(COURSE_TEST.path)}, '// was here\\n');\n${TODO}`,
  );
  for (const lab of ['01-mini', '02-mul']) await writeTestManifest(join(root, 'labs', lab));
  await cp(REALM_ATTACKS, join(root, 'class'), { recursive: true });
}, 60_000);
afterAll(async () => {
  decoy?.kill('SIGKILL');
  listener?.close();
  await rm(root, { recursive: true, force: true });
});

/** Processes alive now whose command line holds `marker`. */
async function processesWith(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (command.includes(marker)) found.push(`${pid}: ${command.replaceAll('\0', ' ')}`);
  }
  return found;
}

/** Every file the batch wrote under `dir`, as text. */
async function outputsOf(dir: string): Promise<string> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    files
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(join(entry.parentPath, entry.name), 'utf8').catch(() => '')),
  );
  return texts.join('\n');
}

type Isolation = 'warm' | 'process';
const outOf = (isolation: Isolation) => join(root, `out-${isolation}`);
const gradeClass = (isolation: Isolation) =>
  runBatch({
    submissions: join(root, 'class'),
    out: outOf(isolation),
    courseRoot: root,
    // Two at a time: an attacker's sandbox shares the machine with another learner's, as in a real batch.
    workers: 2,
    isolation,
    // A safety net only: no learner of this class waits for it (each limit stops its bomb when it is hit).
    timeoutSeconds: 120,
    emulator: fakeEmulator,
    // Small enough for the bombs to hit quickly, large enough for a grading child and its test workers.
    sandboxLimits: { memoryMB: 1536, maxTasks: 512, maxFileMB: 16 },
  });
/** Both modes' batches run at once (each fills the other's idle moments); the first describe starts them. */
let bothModes: Promise<Record<Isolation, BatchSummary>> | undefined;
const gradeBothModes = () =>
  (bothModes ??= Promise.all([gradeClass('warm'), gradeClass('process')]).then(([warm, process]) => ({
    warm,
    process,
  })));

describe.each(['warm', 'process'] as const)('a hostile class graded with --isolation %s', (isolation) => {
  let summary: BatchSummary;
  const out = () => outOf(isolation);
  const recordOf = (learner: string): SubmissionRecord =>
    summary.records.find((record) => record.learner === learner)!;

  beforeAll(async () => {
    summary = (await gradeBothModes())[isolation];
  }, 900_000);

  it('grades every learner in a bubblewrap sandbox of its own, and says how its limits were applied', () => {
    expect(summary.sandbox.kind).toBe('bwrap');
    expect(summary.records).toHaveLength(
      Object.keys(CLASS).length + SANDBOX_ATTACKERS.length + readdirSync(REALM_ATTACKS).length,
    );
  });

  it.each(SANDBOX_ATTACKERS)('%s gains no point', (learner) => {
    const record = recordOf(learner);
    expect(record.run?.score ?? 0, JSON.stringify(record.notes)).toBe(0);
    expect(record.flags).not.toContain('forged-result');
  });

  it.each(Object.keys(SELF_HARM))('%s harmed only itself: 0, and its record says why', (learner) => {
    const record = recordOf(learner);
    const { flag, note } = SELF_HARM[learner]!;
    expect(record.run?.score ?? 0).toBe(0);
    if (flag) {
      // The limit's note, once, and nothing that blames the learner for something else.
      expect(record.flags).toEqual([flag]);
      expect(record.notes).toHaveLength(1);
      expect(record.notes[0]).toMatch(note);
    } else {
      const said = JSON.stringify([record.flags, record.notes, record.run?.labs.map((lab) => lab.checks)]);
      expect(said).toMatch(note);
    }
  });

  it('leaves no process behind: the decoy outside lives, the setsid and forked children died with their sandbox', async () => {
    expect(decoy.exitCode).toBeNull();
    expect(decoy.signalCode).toBeNull();
    expect(await processesWith(ORPHAN_SECONDS)).toEqual([]);
  });

  it('lets nothing out: no connection reached this machine, no file was planted in the output', async () => {
    expect(connections).toBe(0);
    expect(await readdir(join(out(), 'results'))).not.toContain('planted.json');
    expect(await readFile(join(out(), 'gradebook.csv'), 'utf8')).not.toBe('planted');
  });

  it('writes no secret in any output: not the decoy’s, not any learner’s emulator key', async () => {
    const outputs = await outputsOf(out());
    expect(outputs).not.toContain(DECOY_SECRET);
    expect(issuedSecrets.filter((secret) => outputs.includes(secret))).toEqual([]);
  });

  it('gives the control learners the scores they earned, though a learner before them patched expect()', () => {
    expect(summary.records[0]?.learner).toBe('aa-patches-expect');
    // The gradebook has every learner: the attacks that target the batch did not stop it.
    expect([recordOf('control-good').run?.score, recordOf('control-todo').run?.score]).toEqual([9, 0]);
    expect(recordOf('control-good').flags).toEqual([]);
  });

  it('flags no learner tampered-tests because the course’s tests were edited during the run', () => {
    const flagged = summary.records.filter((record) => record.flags.includes('tampered-tests'));
    expect(flagged.map((record) => record.learner)).toEqual([]);
  });

  it.each(['thousand-points', 'forged-passes', 'extra-check'])(
    '%s gains no point and is flagged forged-result',
    (learner) => {
      const record = recordOf(learner);
      expect([record.run?.score, record.run?.maxScore]).toEqual([0, 9]);
      expect(record.flags).toContain('forged-result');
    },
  );

  it('gives no point to a learner who patches expect, the runner, the worker’s messages or the stacks', async () => {
    const blanket = ['aa-patches-expect', ...(await readdir(REALM_ATTACKS))].filter(
      (name) => name !== 'ag-forges-own-stack',
    );
    for (const learner of blanket) {
      expect([learner, recordOf(learner).run?.score]).toEqual([learner, 0]);
      expect(recordOf(learner).flags, learner).toContain('forged-result');
    }
    // A stack set on its own error (a targeted attack, SECURITY.md item 6) may choose its label, not its score.
    expect(recordOf('ag-forges-own-stack').run?.score).toBe(0);
  });

  it('takes every maximum in gradebook.csv from the course, never from a learner', async () => {
    const rows = parse(await readFile(join(out(), 'gradebook.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(new Set(rows.map((row) => row.max))).toEqual(new Set(['9']));
    expect(rows.find((row) => row.learner === 'control-good')?.percent).toBe('100');
  });
});
