import { fileURLToPath } from 'node:url';
import { classifyAwsFailure } from './failure-classifier.ts';

/**
 * What a grader of an AWS course needs from its caller (the grader itself knows nothing of AWS): the global
 * setup that starts the embedded emulator for a Vitest instance, and the classifier that tells an AWS
 * environment failure from a wrong answer. Spread into the grader's options:
 * `gradeLabs(labs, { ...awsGrading, variant })`.
 */
export const awsGrading = {
  globalSetup: [fileURLToPath(new URL('./vitest-setup.ts', import.meta.url))],
  failureClassifiers: [classifyAwsFailure],
};

export { type Classification, classifyAwsFailure } from './failure-classifier.ts';
