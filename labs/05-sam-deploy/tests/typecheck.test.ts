import { join } from 'node:path';
import { typecheckCheck } from '@cloudlab/grader';

// tsc over the learner's files: 0 points, exercise 0 (docs/lab-format.md, "The typecheck"). The folder under
// test is read here, in the lab's own file: a course run rewrites this read to this lab's folder.
typecheckCheck(join(import.meta.dirname, '..'), process.env.CLOUDLAB_LAB_DIR);
