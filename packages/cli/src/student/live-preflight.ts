import type { LabInfo } from '@cloudlab/grader/course';
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { openSession } from '../global-options.ts';

/**
 * Before grading against real AWS: who am I, which region, and may I do what these labs need (their
 * `aws.permissions` in lab.ts)? A missing permission stops the run here, with its name, instead of surfacing
 * as a dozen failed checks halfway through — and before any resource is created.
 */
export async function preflightLiveRun(command: Command, labs: LabInfo[]): Promise<void> {
  if (process.env.CLOUDLAB_TARGET !== 'aws') return;
  const { preflight } = await import('@cloudlab/aws-session');
  const permissions = [...new Set(labs.flatMap((lab) => lab.definition.aws?.permissions ?? []))];
  const report = await preflight(openSession(command), permissions);
  for (const problem of report.problems) process.stderr.write(`preflight: ${problem}\n`);
  if (!report.ok) {
    const missing = report.missing.length > 0 ? ` — missing: ${report.missing.join(', ')}` : '';
    throw new CliError(
      `preflight for --target aws failed${missing}; fix the lines above (see the lab's README, "On real AWS")`,
    );
  }
}
