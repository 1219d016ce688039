import { labResourceContext, labTags } from '@cloudlab/aws-session';
import { deployStack, samBucketName, samStackName } from '@cloudlab/sam';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { printResult } from '../output.ts';
import { commandFrom } from '../register-command.ts';
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
export const deployCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'deploy').action(
      async (labQuery: string, flags: Flags<'deploy'>, command: Command) => {
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
      },
    );
  },
};
