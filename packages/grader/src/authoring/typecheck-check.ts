import { join } from 'node:path';
import { formatDiagnostic, typecheckFolder } from '../runtime/tsc-diagnostics.ts';
import { diagnosticsAhead } from '../runtime/typecheck-ahead.ts';
import { check } from './check.ts';

const TIMEOUT_MS = 180_000;

/** A type error, placed at its file and line as a thrown error's first stack frame, so reports show where. */
class TypeCheckError extends Error {
  constructor(message: string, file: string, line: number, column: number) {
    super(message);
    this.stack = `Error: ${message}\n    at ${file}:${line}:${column}`;
  }
}

/**
 * The lab's typecheck: `tsc --noEmit` over the learner's files. Vite and esbuild run code that does not
 * typecheck (`out.Parameter.Valu` builds and fails only when it runs), so this check says it with tsc's own
 * message, file and line. Worth 0 points and exercise 0: a starter typechecks as well as a finished lab, so
 * points here would be points for nothing; failing it keeps the lab from passing (see docs/lab-format.md).
 *
 * `codeDir` is the folder under test, and the lab's test file must hand it in as
 * `process.env.CLOUDLAB_LAB_DIR` (undefined: solution/, as the lab's vitest.config.ts resolves `@lab`). This
 * module cannot read that variable itself: a course run grades every lab in one worker, where the variable is
 * not set; it rewrites each read in a lab's own files to that lab's folder, and this file is not a lab's. Read
 * here, it fell back to solution/, and every learner's typecheck passed on the reference solution.
 */
export function typecheckCheck(labDir: string, codeDir: string | undefined): void {
  const dir = codeDir ?? join(labDir, 'solution');
  const folder = labDir.split(/[\\/]/).at(-1);
  check(
    'your code typechecks (tsc --noEmit)',
    {
      points: 0,
      exercise: 0,
      concept: 'typescript',
      timeoutMs: TIMEOUT_MS,
      hint: [
        'Read the error at the file and line shown: tsc says which name or type it expected.',
        `See every error at once: pnpm -s tsc --noEmit -p labs/${folder}`,
      ],
    },
    async () => {
      // The grader started this run's tsc with Vitest (runtime/typecheck-ahead.ts); a plain `vitest run` did not.
      const errors =
        (await diagnosticsAhead(labDir, dir, TIMEOUT_MS - 5_000)) ?? (await typecheckFolder(labDir, dir));
      const [first] = errors;
      if (!first) return;
      const more =
        errors.length > 1 ? ` (and ${errors.length - 1} more type error${errors.length > 2 ? 's' : ''})` : '';
      const lines = errors.slice(0, 10).map((error) => formatDiagnostic(error, labDir));
      throw new TypeCheckError(
        [`tsc: ${lines[0]}${more}`, ...lines.slice(1)].join('\n'),
        first.file,
        first.line,
        first.column,
      );
    },
  );
}
