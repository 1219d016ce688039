import {
  cleanupClients,
  deleteLeftovers,
  findLeftovers,
  type LeftoverFilter,
  type LeftoverOutcome,
  sanitizeNamePart,
} from '@cloudlab/aws-session';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { asCliError, openSession } from '../global-options.ts';
import { printResult, statusMark } from '../output.ts';
import { commandFrom } from '../register-command.ts';

export interface CleanupReport {
  dryRun: boolean;
  filter: LeftoverFilter;
  outcomes: LeftoverOutcome[];
}

function filterFrom(options: Flags<'cleanup'>): LeftoverFilter {
  const lab = options.lab === undefined ? undefined : options.lab.padStart(2, '0');
  if (lab !== undefined && !/^\d{2}$/.test(lab)) {
    throw new CliError(
      `--lab takes a lab number such as 02, got "${options.lab}"`,
      ExitCode.usageOrEnvironment,
    );
  }
  const learner = options.allLearners
    ? undefined
    : sanitizeNamePart(options.learner ?? process.env.CLOUDLAB_LEARNER ?? 'student');
  return { ...(learner ? { learner } : {}), ...(lab ? { lab } : {}) };
}

function render(report: CleanupReport): string {
  if (report.outcomes.length === 0)
    return `${statusMark('ok')} nothing left behind (${describeFilter(report.filter)})`;
  const lines = report.outcomes.map((o) => {
    if (report.dryRun) return `  would delete ${o.kind} ${o.id} (matched by ${o.matchedBy})`;
    return o.deleted
      ? `${statusMark('ok')} deleted ${o.kind} ${o.id}`
      : `${statusMark('fail')} ${o.kind} ${o.id}: ${o.error}`;
  });
  const failed = report.outcomes.filter((o) => !report.dryRun && !o.deleted).length;
  const summary = report.dryRun
    ? `${report.outcomes.length} leftover(s); run without --dry-run to delete them`
    : failed > 0
      ? `${failed} could not be deleted — check the errors above, then run \`cloudlab cleanup\` again`
      : `${report.outcomes.length} deleted`;
  return [...lines, summary].join('\n');
}

function describeFilter(filter: LeftoverFilter): string {
  return `learner ${filter.learner ?? 'any'}, lab ${filter.lab ?? 'any'}`;
}

async function run(options: Flags<'cleanup'>, command: Command): Promise<void> {
  const filter = filterFrom(options);
  const session = openSession(command);
  const clients = cleanupClients(session);
  let report: CleanupReport;
  try {
    const leftovers = await findLeftovers(clients, filter);
    report = {
      dryRun: Boolean(options.dryRun),
      filter,
      outcomes: await deleteLeftovers(clients, leftovers, options),
    };
  } catch (error) {
    const converted = asCliError(error);
    if (converted instanceof CliError) throw converted;
    throw new CliError(
      `${(error as Error).name}: could not list leftovers (${(error as Error).message}) — run \`cloudlab doctor\``,
      ExitCode.usageOrEnvironment,
    );
  }
  printResult(command, report, render);
  if (report.outcomes.some((o) => !report.dryRun && !o.deleted)) process.exitCode = ExitCode.checksFailed;
}

/** `cloudlab cleanup`: deletes what lab runs left behind on the target (by cloudlab-… names and cloudlab:* tags). */
export const cleanupCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'cleanup').action((options: Flags<'cleanup'>, command: Command) =>
      run(options, command),
    );
  },
};
