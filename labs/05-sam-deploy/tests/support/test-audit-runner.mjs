/**
 * The audit's Vitest process, spawned by test-audit.ts: `node test-audit-runner.mjs <audit folder> <report file>
 * <own variant's test file> <mutants' test files…>`. It runs the learner's test against their own handler
 * first, sends that result to the parent over IPC, and runs the mutants only when the parent answers that the
 * test passed there: every check that reads a mutant stops at "fails against your own handler" first, and the
 * 4 mutants are most of the audit's CPU. Both runs share one Vitest start. Plain JavaScript: Node 20 runs it
 * without a TypeScript loader.
 *
 * The report is { testResults }, each entry the fields of Vitest's JSON reporter that test-audit.ts reads.
 */
import { writeFileSync } from 'node:fs';
import { createVitest } from 'vitest/node';

const [root, reportFile, ownFile, ...mutantFiles] = process.argv.slice(2);

const vitest = await createVitest('test', {
  root,
  // The audit folder sits inside the lab: never pick up the lab's own vitest.config.ts.
  config: false,
  // Threads start faster than forks and each file still gets its own module graph (its own SDK, its own
  // mock). Cheaper settings that share one graph leak a variant's spies, prototype patches and globals into
  // the next: isolate: false, and the vmThreads and vmForks pools too (measured on Vitest 4.1.12). The 5
  // threads (~0.1 s each bare, ~0.7 s with Vitest and the SDK) cost the most.
  pool: 'threads',
  watch: false,
  testTimeout: 10_000,
  // No reporter prints: the results are read from the runs below.
  reporters: [{}],
});
try {
  const own = await run([ownFile]);
  const answer = parentAnswer();
  process.send({ own: own[0] });
  const mutants = (await answer) ? await run(mutantFiles) : [];
  writeFileSync(reportFile, JSON.stringify({ testResults: [...own, ...mutants] }));
} finally {
  if (process.connected) process.disconnect();
  await vitest.close();
}

async function run(files) {
  // The files are known: globbing the folder for them cost more CPU than building their specifications.
  const project = vitest.getRootProject();
  const specifications = files.map((file) => project.createSpecification(file.replaceAll('\\', '/')));
  const { testModules } = await vitest.runTestSpecifications(specifications);
  const ids = new Set(specifications.map((specification) => specification.moduleId));
  return testModules.filter((testModule) => ids.has(testModule.moduleId)).map(jsonResult);
}

/** Whether to run the mutants; false if the parent is gone (nobody reads the report). */
function parentAnswer() {
  return new Promise((resolve) => {
    process.once('message', (message) => resolve(message.runMutants === true));
    process.once('disconnect', () => resolve(false));
  });
}

/** A test file's result as Vitest's JSON reporter writes it (`testResults[i]`), with the fields the audit reads. */
function jsonResult(testModule) {
  const tests = [...testModule.children.allTests()];
  return {
    name: testModule.moduleId,
    status: testModule.state() === 'failed' ? 'failed' : 'passed',
    message: testModule.errors()[0]?.message ?? '',
    assertionResults: tests.map((test) => {
      const result = test.result();
      return {
        fullName: fullName(test),
        status: result.state,
        failureMessages: (result.errors ?? []).map((error) => error.stack || error.message),
      };
    }),
  };
}

/** The suites' names and the test's, space-separated, as the JSON reporter's fullName (not Vitest's "a > b"). */
function fullName(test) {
  const names = [];
  for (let task = test; task.type !== 'module'; task = task.parent) names.unshift(task.name);
  return names.join(' ');
}
