import { createVitest, type Vitest } from 'vitest/node';
import { startProcessEmulator } from '../../src/global-setup.ts';
import { startHttpEmulator } from './http-emulator.ts';

/**
 * Two Vitest instances in one process, as `cloudlab dev check` opens one per lab and grades labs side by
 * side: both run at once, the first closes (its globalSetup's teardown runs), the second runs again.
 * `process-emulator` first starts one emulator for the process, as dev check does. Prints each run's
 * failures (or the error that stopped it) as JSON.
 */
const config = new URL('./vitest.config.ts', import.meta.url).pathname;
const open = () => createVitest('test', { config, watch: false, reporters: [{}] });

async function failures(vitest: Vitest): Promise<string[]> {
  try {
    const specifications = await vitest.globTestSpecifications();
    const { testModules, unhandledErrors } = await vitest.runTestSpecifications(specifications, true);
    return [
      ...testModules.flatMap((module) =>
        [...module.children.allTests()]
          .filter((test) => test.result().state !== 'passed')
          .map((test) => `${test.name}: ${test.result().errors?.[0]?.message}`),
      ),
      ...unhandledErrors.map((error) => String((error as Error).message)),
    ];
  } catch (error) {
    return [(error as Error).message];
  }
}

const stopProcessEmulator =
  process.argv[2] === 'process-emulator' ? await startProcessEmulator(startHttpEmulator) : async () => {};
const first = await open();
const second = await open();
const together = await Promise.all([failures(first), failures(second)]);
await first.close();
const afterClose = await failures(second);
await second.close();
await stopProcessEmulator();
console.log(JSON.stringify({ together, afterClose }));
// Vitest sets the exit code when a test fails; the caller reads the failures from the output instead.
process.exitCode = 0;
