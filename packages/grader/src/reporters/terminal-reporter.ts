import { createColors } from 'picocolors';
import type { CheckResult, LabResult, RunResult } from '../model/run-result.ts';
import type { GradeReporter, ReporterOptions } from './grade-reporter.ts';

const BAR_WIDTH = 10;
/** Titles are padded to this width so scores line up; longer ones are cut only to fit a terminal. */
const TITLE_WIDTH = 56;
/** What a check line holds besides its title: the mark, the points and the spaces between. */
const CHECK_LINE_EXTRA = 12;

export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const padTo = (text: string, width: number, fit = Number.POSITIVE_INFINITY) => {
  const room = Math.max(width, fit);
  return text.length > room ? `${text.slice(0, room - 1)}…` : text.padEnd(width);
};

/** The first failing check of the run: what the student should look at next. */
export function nextFailingCheck(run: RunResult): { lab: LabResult; check: CheckResult } | undefined {
  for (const lab of run.labs) {
    const check = lab.checks.find((candidate) => candidate.status === 'failed');
    if (check) return { lab, check };
  }
  return undefined;
}

/** A table of labs and checks, then the first failing check with its hint and the student's file and line. */
export class TerminalReporter implements GradeReporter {
  readonly #c: ReturnType<typeof createColors>;
  readonly #hintsShown: Record<string, number>;
  /** The widest title that fits the terminal (never less than the padded width); unbounded without one. */
  readonly #fit: number;
  readonly #wholeLab: LabResult | undefined;

  constructor(options: ReporterOptions = {}) {
    this.#wholeLab = options.wholeLab;
    this.#c = createColors(options.color ?? false);
    this.#hintsShown = options.hintsShown ?? {};
    this.#fit = options.columns ? options.columns - CHECK_LINE_EXTRA : Number.POSITIVE_INFINITY;
  }

  onRunEnd(run: RunResult): string {
    const lines = run.labs.flatMap((lab) => this.#lab(lab));
    lines.push('', this.#total(run), '', ...this.#next(run));
    return `${lines.join('\n')}\n`;
  }

  #lab(lab: LabResult): string[] {
    const c = this.#c;
    const statusColor = { passed: c.green, failed: c.red, incomplete: c.yellow, error: c.red }[lab.status];
    const head = `${c.bold(`Lab ${lab.id}`)} ${padTo(lab.title, TITLE_WIDTH - 4, this.#fit - 20)} ${`${lab.score}/${lab.maxScore}`.padStart(7)}  ${progressBar(lab.score, lab.maxScore)}  ${statusColor(lab.status)}`;
    const lines = [head];
    for (const check of lab.checks) {
      const mark =
        check.status === 'passed'
          ? c.green('✓')
          : check.status === 'skipped'
            ? c.dim('-')
            : check.classification === 'wrong-answer'
              ? c.red('✗')
              : c.yellow('!');
      const where = check.location ? c.dim(`  ${check.location.file}:${check.location.line}`) : '';
      const note =
        check.classification && check.classification !== 'wrong-answer'
          ? c.yellow(`  (${check.classification})`)
          : '';
      lines.push(
        `  ${mark} ${padTo(check.title, TITLE_WIDTH, this.#fit)} ${`${check.points}/${check.maxPoints}`.padStart(5)}${where}${note}`,
      );
    }
    for (const error of lab.errors) lines.push(`  ${c.red('!')} ${error}`);
    if (lab.integrity.status === 'tampered') {
      const files = [...lab.integrity.changed, ...lab.integrity.added, ...lab.integrity.missing].join(', ');
      lines.push(
        `  ${c.red('!')} grading files changed (${files}): this result is not trusted — restore them from the course`,
      );
    }
    return lines;
  }

  #total(run: RunResult): string {
    const c = this.#c;
    const whole = this.#wholeLab;
    const score = whole
      ? `Score ${run.score}/${run.maxScore} of the checks this save touched — lab ${whole.score}/${whole.maxScore}`
      : `Score ${run.score}/${run.maxScore}`;
    if (run.tampered) return `${c.bold(score)} ${c.red('— tampered: the grading tests were modified')}`;
    if (run.incomplete) {
      return `${c.bold(score)} ${c.yellow('— incomplete: some checks could not run for reasons outside your code (see below)')}`;
    }
    return c.bold(score);
  }

  #next(run: RunResult): string[] {
    const c = this.#c;
    const next = nextFailingCheck(run);
    if (!next) {
      const broken = run.labs.find((lab) => lab.errors.length > 0);
      if (broken) return [`${c.bold('Next:')} ${broken.errors[0]}`];
      // Nothing failed, but a skipped check earned nothing either (e.g. every check of a lab skipped itself
      // because the endpoint was down): that is not "all checks pass".
      const skipped = run.labs.flatMap((lab) => lab.checks).filter((check) => check.status === 'skipped');
      if (skipped.length > 0)
        return [
          `${c.bold('Next:')} ${skipped.length} check${skipped.length === 1 ? '' : 's'} did not run (skipped), so they earned no points — run \`cloudlab doctor\` to see whether the AWS target is reachable, then grade again.`,
        ];
      const whole = this.#wholeLab;
      if (whole) {
        const left = whole.checks.filter((check) => check.status !== 'passed').length;
        return [
          left === 0
            ? `${c.green('The checks this save touched pass.')} The rest of the lab is being graded.`
            : `${c.green('The checks this save touched pass;')} ${left} other check${left === 1 ? '' : 's'} of lab ${whole.id} failed at the last full grade.`,
        ];
      }
      const ids = run.labs.map((lab) => lab.id).join(' ');
      return [
        `${c.green('All checks pass.')} \`cloudlab solution ${ids}\` shows the reference solution to compare with yours.`,
      ];
    }
    const { lab, check } = next;
    const lines = [`${c.bold('Next:')} Lab ${lab.id} › ${check.title}`, `  ${check.message ?? 'failed'}`];
    if (check.location)
      lines.push(
        `  at ${c.cyan(`${check.location.file}:${check.location.line}${check.location.column ? `:${check.location.column}` : ''}`)}`,
      );
    if (check.classification !== 'wrong-answer') {
      lines.push(
        `  This is not your code's fault (${check.classification}); fix it, then grade again: \`cloudlab grade ${lab.id}\``,
      );
      return lines;
    }
    const shown = Math.min(Math.max(this.#hintsShown[lab.id] ?? 1, 1), check.hints.length);
    if (shown > 0)
      lines.push(`  ${c.magenta(`Hint ${shown}/${check.hints.length}:`)} ${check.hints[shown - 1]}`);
    lines.push(
      `  Fix it, then run \`cloudlab grade ${lab.id}\` (or keep \`cloudlab watch ${lab.id}\` open); \`cloudlab hint ${lab.id}\` for more help.`,
    );
    return lines;
  }
}
