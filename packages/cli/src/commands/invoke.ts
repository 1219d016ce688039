import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { invokeFailure, localInvoke } from '@cloudlab/sam';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { dim, printResult, statusMark } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse, pickLab } from '../student/course.ts';
import { asCli, labBuildDir, openSamTarget, seedLabParameters } from './sam.ts';

/**
 * `cloudlab invoke 05`: `sam local invoke` without Docker — build the lab's function and run it once in a child
 * process with an event file. On the emulator the function runs as its role (localInvoke assumes it with the
 * role's policies), so a missing permission fails here as it would when deployed.
 */
const DEFAULT_INSPECT_PORT = 9229;

function eventFile(labDir: string, given?: string): string {
  if (given) {
    if (!existsSync(given)) throw new CliError(`--event ${given}: no such file`);
    return resolve(given);
  }
  const folder = join(labDir, 'fixtures', 'events');
  const first = existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort()[0]
    : undefined;
  if (!first) throw new CliError('no event: pass --event FILE (an API Gateway HTTP API v2 event in JSON)');
  return join(folder, first);
}

function inspectPort(flag: string | boolean | undefined): number | undefined {
  if (!flag) return undefined;
  if (flag === true) return DEFAULT_INSPECT_PORT;
  const port = Number(String(flag).split(':').at(-1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new CliError(`--inspect ${flag}: give a port such as 9229`);
  return port;
}

export const invokeCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'invoke').action(
      async (labQuery: string, flags: Flags<'invoke'>, command: Command) => {
        const course = await loadCourse();
        const lab = pickLab(course, labQuery);
        const variant = flags.dir ? 'dir' : flags.solution ? 'solution' : 'starter';
        const codeDir = flags.dir ? resolve(flags.dir) : join(lab.dir, variant);
        const templatePath = join(codeDir, 'template.yaml');
        if (!existsSync(templatePath))
          throw new CliError(`${relative(process.cwd(), templatePath)} does not exist`);
        const event = JSON.parse(readFileSync(eventFile(lab.dir, flags.event), 'utf8'));
        const port = inspectPort(flags.inspect);

        const target = await openSamTarget(command);
        try {
          const credentials = await target.clients.sts.config.credentials();
          if (target.emulator) await seedLabParameters(target, lab.dir, lab.id);
          if (port) {
            process.stderr.write(
              `Waiting for a debugger on 127.0.0.1:${port}: attach with chrome://inspect or VS Code ` +
                '"Attach to Node Process"; it stops just before your handler runs (no timeout while inspecting)\n',
            );
          }
          const report = await localInvoke({
            templatePath,
            build: { outDir: labBuildDir(lab.dir, variant), nodePaths: [join(lab.dir, 'node_modules')] },
            ...(flags.function ? { functionId: flags.function } : {}),
            event,
            aws: {
              accountId: target.accountId,
              region: target.region,
              ...(target.endpoint ? { endpoint: target.endpoint } : {}),
              credentials,
            },
            ...(port ? { inspectPort: port } : {}),
          }).catch(asCli);
          if (!flags.json) process.stderr.write(dim(report.logs));
          printResult(command, report, (r) =>
            r.functionError
              ? `${statusMark('fail')} ${invokeFailure(r)}`
              : `${statusMark('ok')} ${JSON.stringify(r.payload, null, 2)}`,
          );
          if (report.functionError) process.exitCode = ExitCode.checksFailed;
        } finally {
          await target.close();
        }
      },
    );
  },
};
