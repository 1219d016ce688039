import type { RunResult } from '../model/run-result.ts';
import type { GradeReporter } from './grade-reporter.ts';

/** The run as cloudlab's own versioned JSON (`schemaVersion`). */
export class JsonReporter implements GradeReporter {
  onRunEnd(run: RunResult): string {
    return `${JSON.stringify(run, null, 2)}\n`;
  }
}
