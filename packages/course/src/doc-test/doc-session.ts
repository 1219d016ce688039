/**
 * Runs one document's command blocks in order, in one scratch copy, as one learner's terminal would: each
 * block is a bash script that starts with the environment and folder the previous one ended with (so an
 * `eval "$(… emulator --detach)"` holds for the blocks after it), stops at its first failing command, and has
 * a time limit. Output (stdout and stderr together, as a terminal shows them) goes to a file, not a pipe: a
 * background server a block starts may keep a pipe open long after the block ends.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocBlock } from './doc-blocks.ts';
import { normaliseOutput, outputMatches } from './output-match.ts';

export interface StepResult {
  ok: boolean;
  /** Why it failed: the document's file and line, the command, and what it printed. */
  message?: string;
  /**
   * CPU seconds (user + system) of the block's shell and every process it waited for, as bash's `times`
   * counts them: a server a block leaves running in the background (`emulator --detach`) is not in it.
   */
  cpuSeconds?: number;
}

/** The lines of the script that come before the document's own (the ERR trap's line numbers count them). */
const PREAMBLE = [
  // -a exports every variable a block sets, so that the environment carried to the next block holds it.
  'set -aeo pipefail',
  'exec 2>&1',
  `trap 'printf "%s\\t%s\\t%s" "$?" "$LINENO" "$BASH_COMMAND" > "$DOCTEST_FAILED"' ERR`,
  `trap 'env -0 > "$DOCTEST_ENV"; pwd > "$DOCTEST_CWD"; times > "$DOCTEST_TIMES"' EXIT`,
];

/** The environment of a learner's fresh terminal: no AWS or cloudlab settings from the machine running the tests. */
function freshEnvironment(home: string): Record<string, string> {
  const keep = ['PATH', 'LANG', 'LC_ALL', 'TMPDIR', 'USER', 'SHELL'];
  const env: Record<string, string> = { HOME: home, NO_COLOR: '1', TERM: 'dumb' };
  for (const name of keep) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export class DocSession {
  private env: Record<string, string>;
  private cwd: string;
  private readonly work: string;
  private steps = 0;

  constructor(
    readonly scratch: string,
    readonly file: string,
    private readonly timeoutMs: number,
  ) {
    this.work = join(scratch, '.cloudlab', 'doc-test');
    mkdirSync(join(this.work, 'home'), { recursive: true });
    this.env = freshEnvironment(join(this.work, 'home'));
    this.cwd = scratch;
  }

  /** Runs a `sh` block whole (with its `text output` when it has one), or a `console` block command by command. */
  async runBlock(block: DocBlock): Promise<StepResult> {
    const steps =
      block.lang === 'console'
        ? block.commands.map((command) => ({
            script: command.command,
            firstLine: command.line,
            expected: command.expected,
          }))
        : [{ script: block.script, firstLine: block.firstLine, expected: block.expected }];
    let cpuSeconds = 0;
    for (const step of steps) {
      const result = await this.runStep(step.script, step.firstLine, step.expected);
      cpuSeconds += result.cpuSeconds ?? 0;
      if (!result.ok) return { ...result, cpuSeconds };
    }
    return { ok: true, cpuSeconds };
  }

  private async runStep(
    script: string,
    firstLine: number,
    expected: string | undefined,
  ): Promise<StepResult> {
    const id = ++this.steps;
    const paths = {
      script: join(this.work, `${id}.sh`),
      output: join(this.work, `${id}.out`),
      failed: join(this.work, `${id}.failed`),
      env: join(this.work, `${id}.env`),
      cwd: join(this.work, `${id}.cwd`),
      times: join(this.work, `${id}.times`),
    };
    writeFileSync(paths.script, `${PREAMBLE.join('\n')}\n${script}\n`);
    const outputFd = openSync(paths.output, 'w');
    const exit = await new Promise<{ code: number | null; timedOut: boolean }>((resolve, reject) => {
      const child = spawn('bash', [paths.script], {
        cwd: this.cwd,
        env: {
          ...this.env,
          DOCTEST_FAILED: paths.failed,
          DOCTEST_ENV: paths.env,
          DOCTEST_CWD: paths.cwd,
          DOCTEST_TIMES: paths.times,
        },
        stdio: ['ignore', outputFd, outputFd],
        // Its own process group, so a block over its time is stopped with everything it started.
        detached: true,
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      }, this.timeoutMs);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, timedOut });
      });
    });
    closeSync(outputFd);
    const output = readFileSync(paths.output, 'utf8');
    this.carryOver(paths.env, paths.cwd);
    const cpuSeconds = readTimes(paths.times);

    const where = (line: number) => `${this.file}:${line}`;
    if (exit.timedOut) {
      return {
        ok: false,
        cpuSeconds,
        message: `${where(firstLine)}: still running after ${this.timeoutMs / 1000} s (mark it \`no-run: <reason>\` if it runs until Ctrl-C)\n${script}\n--- output ---\n${tail(output)}`,
      };
    }
    if (exit.code !== 0) {
      const [status, line, command] = existsSync(paths.failed)
        ? readFileSync(paths.failed, 'utf8').split('\t')
        : [String(exit.code), String(PREAMBLE.length + 1), script];
      const docLine = firstLine + Number(line) - PREAMBLE.length - 1;
      return {
        ok: false,
        cpuSeconds,
        message: `${where(docLine)}: \`${command}\` exited ${status}\n--- output ---\n${tail(output)}`,
      };
    }
    if (expected !== undefined && !outputMatches(expected, output)) {
      return {
        ok: false,
        cpuSeconds,
        message: `${where(firstLine)}: the output is not what the document shows\n${script}\n--- the document shows ---\n${normaliseOutput(expected)}\n--- it printed ---\n${tail(output)}`,
      };
    }
    return { ok: true, cpuSeconds };
  }

  /** The next block starts where this one ended, as in a terminal that stays open. */
  private carryOver(envFile: string, cwdFile: string): void {
    if (existsSync(envFile)) {
      const env: Record<string, string> = {};
      for (const entry of readFileSync(envFile, 'utf8').split('\0')) {
        const equals = entry.indexOf('=');
        if (equals <= 0) continue;
        const name = entry.slice(0, equals);
        if (name.startsWith('DOCTEST_') || ['_', 'SHLVL', 'PWD', 'OLDPWD'].includes(name)) continue;
        env[name] = entry.slice(equals + 1);
      }
      this.env = env;
    }
    if (existsSync(cwdFile)) this.cwd = readFileSync(cwdFile, 'utf8').trim();
  }
}

/**
 * The CPU seconds in bash's `times` output: its own user and system time on the first line, its waited-for
 * children's on the second (`0m1.250s 0m0.310s`). 0 when the block was killed before its EXIT trap.
 */
function readTimes(file: string): number {
  if (!existsSync(file)) return 0;
  const seconds = [...readFileSync(file, 'utf8').matchAll(/(\d+)m([\d.]+)s/g)];
  return seconds.reduce((sum, [, minutes, rest]) => sum + Number(minutes) * 60 + Number(rest), 0);
}

/** The last lines of a long output: where a failure's cause is. */
function tail(output: string, lines = 40): string {
  const all = normaliseOutput(output).split('\n');
  return all.length > lines ? ['…', ...all.slice(-lines)].join('\n') : all.join('\n');
}
