import { check } from '@cloudlab/grader';
import { expect } from 'vitest';
import type { MutantName } from './support/handler-mutants.ts';
import { type Audit, auditLearnerTest, LEARNER_TEST, passes, type VariantRun } from './support/test-audit.ts';

const exercise = 3;
// One Vitest child runs the learner's test five times over: minutes on a busy machine, never an hour.
const timeoutMs = 360_000;

const describeRun = (run: VariantRun) =>
  run.loadError
    ? `it did not load: ${run.loadError}`
    : run.failed.map((f) => `"${f.name}" failed: ${f.message}`).join(' · ');

/** The audit, once the learner's test passes against their own handler (a test that fails there proves nothing). */
async function passingAudit(): Promise<Extract<Audit, { missing: false }>> {
  const audit = await auditLearnerTest();
  if (audit.missing) {
    throw new Error(
      `no ${LEARNER_TEST}: write your unit test beside the handler (README, exercise 3), then \`pnpm cloudlab test 05\``,
    );
  }
  const { own } = audit;
  // The audit ran the mutants only if this holds (test-audit.ts): no check may read them before it.
  if (!passes(own)) {
    throw new Error(
      own.passed.length === 0 && !own.loadError && own.failed.length === 0
        ? `${LEARNER_TEST} has no test that runs (a skipped or empty test proves nothing)`
        : `${LEARNER_TEST} fails against your own handler, so it cannot tell a broken one apart — ${describeRun(own)}. Run \`pnpm cloudlab test 05\`: fix the test, or the handler (exercise 2) if the test is right`,
    );
  }
  return audit;
}

function catches(mutant: MutantName, bug: string, test: string) {
  return async () => {
    const run = (await passingAudit()).mutants[mutant];
    if (run.loadError) throw new Error(`your test did not load against the broken handler: ${run.loadError}`);
    expect(run.failed.length, `your test passed against a handler that ${bug}: ${test}`).toBeGreaterThan(0);
  };
}

check(
  'your unit test (src/app.test.ts) passes against your handler',
  {
    points: 5,
    exercise,
    concept: 'unit-test',
    hint: [
      'Write src/app.test.ts beside the handler, import { handler } from "./app.ts", and run `pnpm cloudlab test 05`.',
      "mockClient(SSMClient) replaces every SSM call; ssm.reset() in beforeEach so one test's answers do not leak into the next.",
    ],
    timeoutMs,
  },
  async () => {
    await passingAudit();
  },
);

check(
  'your unit test catches a handler that answers 404 for every SSM error',
  {
    points: 5,
    exercise,
    concept: 'unit-test',
    hint: [
      'Make the mock reject with an error that is not ParameterNotFound (an SSMServiceException named AccessDeniedException), and expect the handler to throw.',
    ],
    timeoutMs,
  },
  catches(
    'every-error-is-404',
    'turns an AccessDeniedException into 404',
    'add a test where SSM rejects with an AccessDeniedException and expect(handler(…)).rejects — a broken role is not a missing parameter',
  ),
);

check(
  'your unit test catches a handler that never answers 404',
  {
    points: 5,
    exercise,
    concept: 'unit-test',
    hint: [
      'ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: "not found", $metadata: {} })), then expect statusCode 404.',
    ],
    timeoutMs,
  },
  catches(
    'no-404',
    'lets ParameterNotFound throw (API Gateway answers 500)',
    'add a test where SSM rejects with new ParameterNotFound(…) and expect statusCode 404',
  ),
);

check(
  'your unit test catches a handler that sends an unchecked name to SSM',
  {
    points: 5,
    exercise,
    concept: 'unit-test',
    hint: [
      'Call the handler with a name such as "../../other/05/secret", expect statusCode 400 and no GetParameter call (ssm.commandCalls(GetParameterCommand)).',
    ],
    timeoutMs,
  },
  catches(
    'unchecked-name',
    'reads whatever name the path carries',
    'add a test with a name like "../../other/05/secret" that expects 400 and no GetParameter call',
  ),
);

check(
  'your unit test catches a handler that reads the wrong parameter',
  {
    points: 5,
    exercise,
    concept: 'unit-test',
    hint: [
      'Answer only the exact name: ssm.on(GetParameterCommand, { Name: "/cloudlab/student/05/greeting" }).resolves(…), and assert the body\'s value (or the Name in ssm.commandCalls).',
    ],
    timeoutMs,
  },
  catches(
    'wrong-parameter',
    'asks SSM for "/cloudlab/student/05greeting" instead of "/cloudlab/student/05/greeting"',
    'a mock that answers every GetParameter the same hides which parameter was read — answer only the exact Name and assert the value, or assert the Name in ssm.commandCalls(GetParameterCommand)',
  ),
);
