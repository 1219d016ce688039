import { join } from 'node:path';
import { typecheckCheck } from '@cloudlab/grader';

// tsc over the learner's files: 0 points, exercise 0 (docs/lab-format.md, "The typecheck").
typecheckCheck(join(import.meta.dirname, '..'));
