/**
 * Every `cloudlab` command and option, written once. commander registers them from here (register-command.ts),
 * each command's action gets its flags typed from here (`Flags<'grade'>`), `--help` prints them, and
 * docs/cli.md is generated from here (`pnpm cli-docs`). Keep the options of a command in the order `--help`
 * should list them; an option's description says its default when the command, not commander, applies it.
 */
import { TARGETS } from '@cloudlab/aws-session/core';
import { EMULATOR_OPTIONS } from '@cloudlab/emulator/cli-options';
import { reporters } from '@cloudlab/grader/course';
import type { CommandSpec, FlagsOf, OptionSpec } from './option-spec.ts';

/** The port `cloudlab invoke --inspect` listens on when none is given. */
export const DEFAULT_INSPECT_PORT = 9229;

const json = { description: 'print the result as JSON (for scripts and CI)' } as const satisfies OptionSpec;
const solutionOfLab05 = { description: "use lab 05's solution/" } as const satisfies OptionSpec;
const template = { name: '[template]', description: 'template.yaml (default: lab 05 starter/)' } as const;

/** Options of the program itself, which every command receives. */
export const GLOBAL_OPTIONS = {
  target: {
    value: '<target>',
    description: 'where AWS calls go (default: emulator, or CLOUDLAB_TARGET)',
    choices: TARGETS,
  },
  endpoint: { value: '<url>', description: 'an AWS-compatible endpoint URL (implies --target endpoint)' },
  profile: { value: '<name>', description: 'shared config/credentials profile to use' },
  region: { value: '<region>', description: 'AWS region' },
  awsEmulatorPort: {
    value: '<n>',
    description:
      "with --target aws-emulator: the port of AWS's emulator (default: its only run in ~/.aws/emulator, else 9297)",
  },
  debug: { description: 'print stack traces of errors' },
} as const satisfies Record<string, OptionSpec>;

export const PROGRAM_DESCRIPTION =
  'Hands-on AWS labs for the SDK for JavaScript v3, graded against an embedded AWS endpoint';

/** Commands in the order `cloudlab --help` and docs/cli.md list them; a group's sub-commands follow it. */
export const COMMANDS = {
  doctor: {
    description: 'check Node, pnpm, target, endpoint, credentials, region, Cloud9, memory and disk',
    options: { offline: { description: 'skip the STS call that checks your identity on real AWS' }, json },
  },
  list: {
    description: 'list the labs with their objectives and exercises',
    options: { json },
  },
  grade: {
    description: 'grade labs (default: all) and show the next failing check with its hint',
    arguments: [{ name: '[labs...]', description: 'lab ids (03, 3) or slugs' }],
    options: {
      solution: { description: 'grade the reference solution instead of your starter/' },
      dir: { value: '<path>', description: 'grade the code in this folder instead of starter/ (one lab)' },
      reporter: {
        value: '<name>',
        description: 'report format',
        choices: Object.keys(reporters),
        default: 'terminal',
      },
      out: { value: '<file>', description: 'write the report to a file (e.g. results.json for Gradescope)' },
      inspect: {
        value: '[host:port]',
        description:
          'run the checks under the Node inspector (no time limits); attach with chrome://inspect or VS Code',
      },
      inspectBrk: {
        value: '[host:port]',
        description: 'like --inspect, but wait for the debugger before running anything',
      },
      json,
    },
  },
  watch: {
    description: 're-grade a lab every time you save, showing the next failing check',
    arguments: [
      { name: '[lab]', description: 'lab id (03, 3) or slug; default: the first lab not passed yet' },
    ],
    options: { json },
  },
  hint: {
    description: 'the next hint for the first failing check of a lab (one more each time you ask)',
    arguments: [{ name: '<lab>', description: 'lab id (03, 3) or slug' }],
    options: { json },
  },
  test: {
    description: 'run your own unit tests (*.test.ts beside your code in starter/), not the grading checks',
    arguments: [{ name: '<lab>', description: 'lab id (05, 5) or slug' }],
    options: { dir: { value: '<path>', description: 'run the tests in this folder instead of starter/' } },
  },
  status: {
    description: 'your progress over all labs',
    options: { json },
  },
  reset: {
    description: "restore a lab's starter/ to a fresh copy (your work is backed up to .cloudlab/backups/)",
    arguments: [{ name: '<lab>', description: 'lab id (03, 3) or slug' }],
    options: { yes: { description: 'do not ask for confirmation' }, json },
  },
  solution: {
    description: 'show the reference solution of a lab — only once every check of your code passes',
    arguments: [{ name: '<lab>', description: 'lab id (03, 3) or slug' }],
    options: { json },
  },
  sam: {
    description: 'SAM without Docker: validate, build, deploy and delete lab 05 (or any SAM template)',
  },
  'sam validate': {
    description:
      'check a template offline: syntax (line:column), resources, handler file, runtime, policies, Outputs',
    arguments: [template],
    options: { solution: solutionOfLab05, json },
  },
  'sam build': {
    description:
      'bundle each function with esbuild and write the built template (as `sam build` with BuildMethod esbuild)',
    arguments: [template],
    options: {
      solution: solutionOfLab05,
      buildDir: {
        short: 'b',
        value: '<dir>',
        description:
          "where to build (default: .aws-sam/build beside a template you name; lab 05's .cloudlab/sam-build/<starter|solution>)",
      },
      json,
    },
  },
  'sam local': {
    description: 'run the API on this machine (as `sam local`, without Docker)',
  },
  'sam local generate-event': {
    description:
      'print an API Gateway HTTP API event (payload format 2.0) for a request, to save under events/ (as `sam local generate-event apigateway http-api-proxy`)',
    options: {
      method: { value: '<method>', description: 'HTTP method', default: 'GET' },
      route: {
        value: '<route>',
        description: 'the route as the template writes it',
        default: '/config/{name}',
      },
      path: { value: '<path>', description: 'the path requested', default: '/config/greeting' },
      body: { value: '<text>', description: 'a request body' },
    },
  },
  'sam local start-api': {
    description:
      "serve the template's HttpApi routes on 127.0.0.1, running the function once per request (as `sam local start-api`)",
    arguments: [template],
    options: {
      solution: solutionOfLab05,
      port: { short: 'p', value: '<port>', description: 'port to listen on', default: '3000' },
    },
  },
  'sam deploy': {
    description:
      'validate, build, upload, and deploy through a change set (shown, then confirmed); prints the API URL',
    arguments: [template],
    options: {
      solution: solutionOfLab05,
      stack: { value: '<name>', description: 'stack name (default: cloudlab-<learner>-05-app)' },
      confirmChangeset: {
        negate: true,
        description: 'execute the change set without asking (never asked when stdin is not a terminal)',
      },
      json,
    },
  },
  'sam delete': {
    description: 'delete the stack and the bundles deploy uploaded (as `sam delete`)',
    options: {
      stack: { value: '<name>', description: 'stack name (default: cloudlab-<learner>-05-app)' },
      json,
    },
  },
  invoke: {
    description: "run a lab's Lambda handler locally with an event (as `sam local invoke`, without Docker)",
    arguments: [{ name: '<lab>', description: 'lab id, e.g. 05' }],
    options: {
      event: {
        value: '<file>',
        description: "event JSON (default: the first file in the lab's fixtures/events/)",
      },
      function: { value: '<id>', description: 'logical id of the function, when the template has several' },
      solution: { description: 'invoke the reference solution instead of your starter/' },
      dir: { value: '<path>', description: 'invoke the code in this folder instead of starter/' },
      inspect: {
        value: '[port]',
        description: `wait for a debugger and stop just before the handler runs (default port ${DEFAULT_INSPECT_PORT})`,
      },
      json,
    },
  },
  deploy: {
    description:
      "deploy a lab's SAM template (starter/ by default) and print its outputs; without --endpoint/--target aws it deploys into a throwaway emulator, as a check",
    arguments: [{ name: '<lab>', description: 'lab id, e.g. 05' }],
    options: {
      solution: { description: 'deploy the reference solution' },
      stack: { value: '<name>', description: 'stack name (default: cloudlab-<learner>-<lab>-app)' },
      confirmChangeset: {
        negate: true,
        description: 'execute the change set without asking (never asked when stdin is not a terminal)',
      },
      json,
    },
  },
  emulator: {
    description:
      'run the local AWS endpoint (STS, SSM, S3, CloudFormation, Lambda) until Ctrl-C; `cloudlab emulator stop` stops a --detach one',
    arguments: [
      {
        name: '[stop]',
        description: 'stop the emulator that --detach started in this folder (prints `unset` lines)',
      },
    ],
    // The emulator's own bin parses them too (it runs without this package): they are written there.
    options: EMULATOR_OPTIONS,
  },
  sso: {
    description: 'IAM Identity Center on the emulator (lab 01)',
  },
  'sso login': {
    description:
      "sign in to the emulator's IAM Identity Center for an sso-session profile and cache its token, as `aws sso login` does",
    options: { json },
  },
  cleanup: {
    description:
      'delete S3 buckets, SSM parameters and stacks that lab runs left behind (cloudlab-… names, cloudlab:* tags)',
    options: {
      dryRun: { description: 'only list what would be deleted' },
      lab: { value: '<NN>', description: 'only this lab' },
      learner: { value: '<id>', description: 'only this learner (default: $CLOUDLAB_LEARNER or "student")' },
      allLearners: { description: 'every learner (an instructor cleaning a shared account)' },
      json,
    },
  },
  dev: {
    description: 'commands for lab authors',
  },
  'dev check': {
    description:
      'content CI: layout, starter drift, solution 100%, starter 0, every TODO and every misconception caught by a check',
    arguments: [{ name: '[labs...]' }],
    options: {
      grade: { negate: true, description: 'static checks only (layout, metadata, markers, starter drift)' },
      onlyMisconceptions: {
        description:
          'grade the solution and the misconception catalogue only (while writing catalogue entries)',
      },
      misconceptions: {
        negate: true,
        description: 'skip the misconception catalogue (solution, starter and TODOs only)',
      },
      todos: {
        negate: true,
        description:
          'skip the per-TODO variants (with --no-misconceptions: solution and starter only, for a second runtime in CI)',
      },
      jobs: {
        value: '<n>',
        description: 'labs graded at the same time (default: as free memory allows, at most 2)',
      },
      json,
    },
  },
  batch: {
    description: 'grade a class of submissions (folders, zips, or a learner,path CSV) into a gradebook',
    arguments: [
      {
        name: '<submissions>',
        description: 'a folder of learner folders and/or <learner>.zip files, or a CSV of learner,path',
      },
    ],
    options: {
      out: {
        value: '<dir>',
        required: true,
        description: 'output folder: gradebook.csv, results/<learner>.json, report.html',
      },
      workers: {
        value: '<n>',
        description:
          'submissions graded at once (default: one per core, at most (free memory - 350 MB) / 450 MB, at least 1)',
      },
      force: { description: 're-grade submissions that already have results' },
      labs: { value: '<ids>', description: 'comma-separated labs to grade, e.g. 01,02 (default: all)' },
      timeout: {
        value: '<seconds>',
        description: 'time limit per submission, all labs together (default 600)',
      },
      maxMemory: { value: '<mb>', description: 'heap limit per grading process in MB (default 768)' },
      keepWork: { description: 'keep each staged submission under OUT/.work for debugging' },
      isolation: {
        value: '<mode>',
        description:
          'warm: one grading process per worker, reused (default); process: a fresh one per submission',
      },
      unsafeNoSandbox: {
        description:
          "grade without the per-learner sandbox (bubblewrap): learners' code can then reach this machine — only for code you trust",
      },
      json,
    },
  },
  release: {
    description: 'write the student copy of the course: no solution/ or hidden/, with test manifests',
    options: {
      out: { value: '<dir>', required: true, description: 'a new (or empty) folder for the student copy' },
      json,
    },
  },
  export: {
    description: 'package the course for a course host (gradescope, classroom50, prairielearn)',
  },
  'export gradescope': {
    description: 'the Gradescope autograder zip: setup.sh, run_autograder and the course without solutions',
    options: {
      out: { value: '<file.zip>', required: true, description: 'where to write the zip' },
      labs: {
        value: '<ids>',
        description:
          'one assignment per lab: a zip for each of these labs, e.g. 01 or 01,02 (default: one zip for all)',
      },
      json,
    },
  },
  'export classroom': {
    description: 'GitHub Classroom closed on 2026-08-28: use `export classroom50`',
  },
  'export classroom50': {
    description:
      "a Classroom 50 autograder (autograders/ASSIGNMENT/ and runtime.json for the teacher's classroom50 repository), graded per check",
    options: {
      out: { value: '<dir>', required: true, description: 'a new folder to write the files into' },
      assignment: {
        value: '<slug>',
        description: "the assignment's slug in Classroom 50",
        default: 'cloudlab',
      },
      labs: { value: '<ids>', description: 'comma-separated labs to grade, e.g. 01,02 (default: all)' },
      json,
    },
  },
  'export prairielearn': {
    description: 'PrairieLearn questions (one per lab, graded externally) and the grading image to build',
    options: {
      out: { value: '<dir>', required: true, description: 'a new folder to write the files into' },
      image: {
        value: '<name>',
        description: 'the Docker Hub name you push the grading image as',
        default: 'cloudlab-grader',
      },
      labs: {
        value: '<ids>',
        description: 'comma-separated labs, one question each, e.g. 01,02 (default: all)',
      },
      json,
    },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandPath = keyof typeof COMMANDS;

/** The global options as every action can read them with `command.optsWithGlobals()`. */
export type GlobalFlags = FlagsOf<typeof GLOBAL_OPTIONS>;

/** The flags an action of `path` receives (its own options; `optsWithGlobals` adds the global ones). */
export type Flags<Path extends CommandPath> = FlagsOf<
  (typeof COMMANDS)[Path] extends { options: infer Options extends Record<string, OptionSpec> }
    ? Options
    : undefined
>;
