import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { labResourceContext, labTags, parameterPath } from '@cloudlab/aws-session';
import {
  buildDirOf,
  buildFunctions,
  type ChangeSetReview,
  type DeployResult,
  deleteStack,
  deployStack,
  httpApiEvent,
  invokeFailure,
  matchLocalRoute,
  SamError,
  type SamTarget,
  samBucketName,
  samStackName,
  samTargetOf,
  seedParameters,
  startLocalApi,
  startSamEmulator,
  validateTemplate,
} from '@cloudlab/sam';
import type { Command } from 'commander';
import type { Flags, GlobalFlags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { openSession } from '../global-options.ts';
import { dim, printResult, statusMark, wantsJson } from '../output.ts';
import { commandFrom } from '../register-command.ts';
import { loadCourse, pickLab } from '../student/course.ts';

/**
 * `cloudlab sam validate|build|deploy|delete`: the SAM CLI steps of lab 05 without Docker or the SAM CLI
 * (see @cloudlab/sam). Without a template path they work on lab 05's starter/ (--solution: solution/).
 */
const SAM_LAB = '05';

/** What the sam commands' flags tell labTemplate and changeSetPrompt. */
type TemplateFlags = Partial<Flags<'sam build'> & Flags<'sam deploy'>>;

/**
 * The template to work on, and where to build it: a lab's builds go to the lab's .cloudlab/ folder, never into
 * solution/ or starter/ (whose files the starter generator and `cloudlab reset` own).
 */
export async function labTemplate(path: string | undefined, flags: TemplateFlags, labId = SAM_LAB) {
  const course = await loadCourse();
  const lab = pickLab(course, labId);
  const variant = flags.solution ? 'solution' : 'starter';
  const outDir = flags.buildDir ? resolve(flags.buildDir) : undefined;
  if (path) return { lab, templatePath: resolve(path), build: outDir ? { outDir } : {} };
  return {
    lab,
    templatePath: join(lab.dir, variant, 'template.yaml'),
    build: { outDir: outDir ?? labBuildDir(lab.dir, variant) },
  };
}

export const labBuildDir = (labDir: string, variant: string) =>
  join(labDir, '.cloudlab', 'sam-build', variant);

/** SamErrors are the student's to fix (exit 1); an SDK error reaching here is the environment's (exit 2). */
export function asCli(error: unknown): never {
  if (error instanceof SamError) throw new CliError(`${error.code}: ${error.message}`, ExitCode.checksFailed);
  if (error instanceof CliError) throw error;
  const e = error as Error;
  throw new CliError(`${e.name ?? 'Error'}: ${e.message} — check the target with \`cloudlab doctor\``);
}

/** The chosen target, or (target emulator with no endpoint) an emulator started in this process. */
export async function openSamTarget(command: Command): Promise<SamTarget> {
  const { target, endpoint, region } = command.optsWithGlobals<GlobalFlags>();
  const chosen = target ?? process.env.CLOUDLAB_TARGET ?? 'emulator';
  try {
    if (!endpoint && !process.env.AWS_ENDPOINT_URL && chosen === 'emulator')
      return await startSamEmulator(region);
    return await samTargetOf(openSession(command));
  } catch (error) {
    return asCli(error);
  }
}

/** Puts the lab's fixtures/parameters.json under /cloudlab/<learner>/<lab>/ (what the lab's function reads). */
export async function seedLabParameters(target: SamTarget, labDir: string, labId: string): Promise<string[]> {
  const file = join(labDir, 'fixtures', 'parameters.json');
  if (!existsSync(file)) return [];
  return seedParameters(target.clients.ssm, file, parameterPath(labResourceContext(labId)));
}

/**
 * `Deploy this changeset? [y/N]` once the changes are printed, as `sam deploy --confirm-changeset` asks. Only
 * when stdin is a terminal: a pipe (CI, the grader, a script) cannot answer, so there the change set runs as
 * with `--no-confirm-changeset` rather than waiting for an answer that never comes.
 */
export function changeSetPrompt(
  flags: TemplateFlags,
): ((changeSet: ChangeSetReview) => Promise<boolean>) | undefined {
  if (flags.confirmChangeset === false || !process.stdin.isTTY) return undefined;
  return async () => {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await prompt.question('Deploy this changeset? [y/N]: ')).trim());
    } finally {
      prompt.close();
    }
  };
}

/** The deploy's last lines: the stack and its outputs, or why nothing was deployed. */
export function deploySummary(r: DeployResult, extra: string[] = []): string {
  if (!r.executed && !r.changeSet.empty)
    return `${statusMark('warn')} not deployed: ${r.stackName} is unchanged`;
  return [
    `${statusMark('ok')} ${r.stackName} ${r.status}${r.changeSet.empty ? ' (no changes to deploy)' : ''}`,
    ...Object.entries(r.outputs).map(([k, v]) => `  ${k}: ${v}`),
    ...extra,
  ].join('\n');
}

/**
 * Says where the commands run and seeds the lab's fixture parameters there — on every target: the chapter's
 * curl reads them, whether the command started the emulator or not.
 */
async function prepareTarget(
  target: SamTarget,
  lab: { dir: string; id: string },
  progress: (line: string) => void,
) {
  if (target.emulator) progress(`Started an emulator at ${target.endpoint}`);
  const seeded = await seedLabParameters(target, lab.dir, lab.id).catch(asCli);
  if (seeded.length)
    progress(`Seeded ${seeded.length} parameter(s) from fixtures/parameters.json: ${seeded.join(', ')}`);
}

const untilSignalled = () =>
  new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });

function progressPrinter(command: Command) {
  // Progress goes to stderr, so --json output on stdout stays parseable.
  return (line: string) => process.stderr.write(`${wantsJson(command) ? line : dim(line)}\n`);
}

export const samCommand: CommandModule = {
  register(program) {
    const sam = commandFrom(program, 'sam');

    commandFrom(sam, 'sam validate').action(
      async (path: string | undefined, flags: Flags<'sam validate'>, command: Command) => {
        const { templatePath } = await labTemplate(path, flags);
        let report: ReturnType<typeof validateTemplate>;
        try {
          report = validateTemplate(templatePath);
        } catch (error) {
          asCli(error);
        }
        printResult(command, report, (r) => {
          const where = relative(process.cwd(), r.template);
          if (!r.findings.length) return `${statusMark('ok')} ${where} is valid`;
          const lines = r.findings.map(
            (f) =>
              `${statusMark(f.level === 'error' ? 'fail' : 'warn')} ${where}:${f.line ?? '?'}:${f.col ?? '?'} ${f.rule} ${f.message}`,
          );
          return [...lines, r.valid ? `${where}: valid, with warnings` : `${where}: not valid`].join('\n');
        });
        if (!report.valid) process.exitCode = ExitCode.checksFailed;
      },
    );

    commandFrom(sam, 'sam build').action(
      async (path: string | undefined, flags: Flags<'sam build'>, command: Command) => {
        const { templatePath, build } = await labTemplate(path, flags);
        const started = Date.now();
        const built = await buildFunctions(templatePath, build).catch(asCli);
        const buildDir = buildDirOf(templatePath, build.outDir);
        const data = built.map((b) => ({
          function: b.logicalId,
          dir: b.dir,
          zipBytes: b.zip.byteLength,
          sha256: b.sha256,
        }));
        const template = join(buildDir, 'template.yaml');
        printResult(command, { functions: data, template, ms: Date.now() - started }, (r) =>
          [
            ...r.functions.map(
              (f) =>
                `${statusMark('ok')} ${f.function}: ${relative(process.cwd(), f.dir)} (${(f.zipBytes / 1024).toFixed(0)} KiB zipped)`,
            ),
            `Built template: ${relative(process.cwd(), r.template)}`,
            dim(
              `Next: aws cloudformation package --template-file ${relative(process.cwd(), r.template)} --s3-bucket <bucket> (or sam deploy --template-file …), or cloudlab sam deploy`,
            ),
          ].join('\n'),
        );
      },
    );

    const local = commandFrom(sam, 'sam local');

    commandFrom(local, 'sam local generate-event').action((flags: Flags<'sam local generate-event'>) => {
      if (!matchLocalRoute([{ functionId: '', method: 'ANY', path: flags.route }], flags.method, flags.path))
        throw new CliError(
          `--path ${flags.path} does not match --route ${flags.route}: give a path of that route`,
        );
      const event = httpApiEvent(flags.method.toUpperCase(), flags.route, flags.path, flags.body);
      process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
    });

    commandFrom(local, 'sam local start-api').action(
      async (path: string | undefined, flags: Flags<'sam local start-api'>, command: Command) => {
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliError(`--port ${flags.port}: give a port such as 3000`);
        const { lab, templatePath, build } = await labTemplate(path, flags);
        const ctx = labResourceContext(lab.id);
        const target = await openSamTarget(command);
        try {
          const progress = progressPrinter(command);
          await prepareTarget(target, lab, progress);
          const api = await startLocalApi({
            templatePath,
            port,
            build: { ...build, nodePaths: [join(lab.dir, 'node_modules')] },
            aws: {
              accountId: target.accountId,
              region: target.region,
              parameters: { Learner: ctx.learner },
              ...(target.endpoint ? { endpoint: target.endpoint } : {}),
              credentials: await target.clients.sts.config.credentials(),
            },
            onInvoke: (route, report) => {
              process.stderr.write(dim(report.logs));
              if (report.functionError)
                process.stderr.write(`${statusMark('fail')} ${invokeFailure(report)}\n`);
              progress(
                `${route.method} ${route.path} -> ${route.functionId} (${Math.round(report.durationMs)} ms)`,
              );
            },
          }).catch(asCli);
          process.stdout.write(
            [
              ...api.routes.map(
                (r) =>
                  `Mounted ${r.functionId} at ${api.url}${r.path === '$default' ? '/' : r.path} [${r.method}]`,
              ),
              `Try it: curl ${api.url}/config/greeting`,
              dim('Each request runs your handler afresh (edits are picked up); press Ctrl-C to stop.'),
            ].join('\n') + '\n',
          );
          await untilSignalled();
          await api.close();
        } finally {
          await target.close();
        }
      },
    );

    commandFrom(sam, 'sam deploy').action(
      async (path: string | undefined, flags: Flags<'sam deploy'>, command: Command) => {
        const { lab, templatePath, build } = await labTemplate(path, flags);
        const ctx = labResourceContext(lab.id);
        const target = await openSamTarget(command);
        try {
          const progress = progressPrinter(command);
          await prepareTarget(target, lab, progress);
          const result = await deployStack({
            templatePath,
            build,
            stackName: flags.stack ?? samStackName(ctx),
            bucket: samBucketName(ctx, target.accountId),
            clients: target.clients,
            parameters: { Learner: ctx.learner },
            tags: labTags(ctx),
            onProgress: progress,
            pollMs: target.endpoint ? 200 : 5000,
            confirm: changeSetPrompt(flags),
          }).catch(asCli);
          printResult(command, result, (r) =>
            deploySummary(r, r.url ? [`Try it: curl ${r.url}/config/greeting`] : []),
          );
          if (target.emulator && result.executed && !wantsJson(command)) {
            process.stderr.write(
              'The stack lives in this emulator: press Ctrl-C to stop it (and everything with it).\n',
            );
            await untilSignalled();
          }
        } finally {
          await target.close();
        }
      },
    );

    commandFrom(sam, 'sam delete').action(async (flags: Flags<'sam delete'>, command: Command) => {
      const ctx = labResourceContext(SAM_LAB);
      const target = await openSamTarget(command);
      try {
        if (target.emulator) {
          throw new CliError(
            'nothing to delete: without --endpoint or --target aws, deploy runs in its own emulator, which Ctrl-C already removed',
          );
        }
        const stackName = flags.stack ?? samStackName(ctx);
        const existed = await deleteStack({
          stackName,
          bucket: samBucketName(ctx, target.accountId),
          clients: target.clients,
          onProgress: progressPrinter(command),
          pollMs: target.endpoint ? 200 : 5000,
        }).catch(asCli);
        printResult(
          command,
          { stackName, deleted: existed },
          (r) => `${statusMark('ok')} ${r.deleted ? `deleted ${r.stackName}` : `no stack ${r.stackName}`}`,
        );
      } finally {
        await target.close();
      }
    });
  },
};
