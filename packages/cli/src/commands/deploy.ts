import { labResourceContext, labTags } from '@cloudlab/aws-session';
import { deployStack, samBucketName, samStackName } from '@cloudlab/sam';
import type { Command } from 'commander';
import type { CommandModule } from '../command.ts';
import { printResult, withJsonOption } from '../output.ts';
import {
  asCli,
  changeSetPrompt,
  deploySummary,
  labTemplate,
  openSamTarget,
  seedLabParameters,
} from './sam.ts';

/**
 * `cloudlab deploy 05 --endpoint URL` (or --target aws): deploy a lab's template and print its outputs — the
 * short form of `cloudlab sam deploy` for a lab by id, for scripts (no waiting for Ctrl-C on an own emulator).
 */
interface DeployFlags {
  solution?: boolean;
  stack?: string;
  confirmChangeset?: boolean;
}

export const deployCommand: CommandModule = {
  register(program) {
    withJsonOption(
      program
        .command('deploy')
        .description(
          "deploy a lab's SAM template (starter/ by default) and print its outputs; without --endpoint/--target aws it deploys into a throwaway emulator, as a check",
        )
        .argument('<lab>', 'lab id, e.g. 05')
        .option('--solution', 'deploy the reference solution')
        .option('--stack <name>', 'stack name (default: cloudlab-<learner>-<lab>-app)')
        .option(
          '--no-confirm-changeset',
          'execute the change set without asking (never asked when stdin is not a terminal)',
        ),
    ).action(async (labQuery: string, flags: DeployFlags, command: Command) => {
      const { lab, templatePath, build } = await labTemplate(undefined, flags, labQuery);
      const ctx = labResourceContext(lab.id);
      const target = await openSamTarget(command);
      try {
        if (target.emulator) await seedLabParameters(target, lab.dir, lab.id);
        const result = await deployStack({
          templatePath,
          build,
          stackName: flags.stack ?? samStackName(ctx),
          bucket: samBucketName(ctx, target.accountId),
          clients: target.clients,
          parameters: { Learner: ctx.learner },
          tags: labTags(ctx),
          onProgress: (line) => process.stderr.write(`${line}\n`),
          pollMs: target.endpoint ? 200 : 5000,
          confirm: changeSetPrompt(flags),
        }).catch(asCli);
        printResult(command, result, (r) => deploySummary(r));
      } finally {
        await target.close();
      }
    });
  },
};
