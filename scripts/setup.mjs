#!/usr/bin/env node
// Sets up a student's workplace from a bare machine (Cloud9, a laptop, a container):
//   node scripts/setup.mjs           check Node, install the pinned pnpm, pnpm install, cloudlab doctor
//   node scripts/setup.mjs --grade   … then grade every lab once (pnpm cloudlab grade)
//
// Plain Node on purpose, not zx like the other scripts: it runs before `pnpm install`, when no
// dependency (zx included) is on disk, and `npx zx` would mean a download and an npm cache on Cloud9's
// small volume before anything else can be checked.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NEEDED_MAJOR = 20;
const RECOMMENDED_MAJOR = 24;
// Node 20 reached end of life on 2026-04-30; AWS SDK v3 releases from January 2027 need 22.
const SDK_MAJOR = 22;
const isWindows = process.platform === 'win32';

/** 'fail' below Node 20, 'old' on 20–21 (works, but end-of-life; the AWS SDK needs 22 from 2027), else 'ok'. */
export function nodeVerdict(version) {
  const major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (major < NEEDED_MAJOR) return 'fail';
  if (major < SDK_MAJOR) return 'old';
  return 'ok';
}

/** The pnpm version pinned by package.json's `packageManager` ("pnpm@10.34.8" → "10.34.8"). */
export function pinnedPnpm(repoRoot) {
  const manager = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).packageManager ?? '';
  if (!manager.startsWith('pnpm@'))
    throw new Error('package.json has no "packageManager": "pnpm@X.Y.Z" field');
  return manager.slice('pnpm@'.length).split('+')[0];
}

function say(mark, text) {
  process.stdout.write(`${mark} ${text}\n`);
}

/** Runs a program without a shell (paths with spaces stay one argument); Windows needs one for .cmd files. */
function run(command, args, options = {}) {
  const quote = (word) => (isWindows && /\s/.test(word) ? `"${word}"` : word);
  const result = spawnSync(quote(command), args.map(quote), {
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    cwd: options.cwd,
    shell: isWindows,
  });
  return { code: result.status ?? 1, stdout: (result.stdout ?? '').trim(), missing: Boolean(result.error) };
}

function versionOf(pnpm) {
  const out = run(pnpm, ['--version'], { capture: true });
  return out.code === 0 ? out.stdout : undefined;
}

function globalPrefixWritable() {
  const prefix = run('npm', ['prefix', '-g'], { capture: true });
  if (prefix.code !== 0 || !prefix.stdout) return false;
  const target = isWindows ? prefix.stdout : join(prefix.stdout, 'lib', 'node_modules');
  try {
    accessSync(existsSync(target) ? target : prefix.stdout, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns the pnpm command to use: one already at the pinned version, a global install, or a local one. */
function ensurePnpm(repoRoot, version) {
  const onPath = versionOf('pnpm');
  if (onPath === version) {
    say('✔', `pnpm ${version} is installed`);
    return 'pnpm';
  }
  const localDir = join(repoRoot, '.cloudlab', 'tools');
  const localPnpm = join(localDir, 'node_modules', '.bin', isWindows ? 'pnpm.cmd' : 'pnpm');
  if (existsSync(localPnpm) && versionOf(localPnpm) === version) {
    say('✔', `pnpm ${version} is installed in .cloudlab/tools`);
    return localPnpm;
  }
  say('→', `installing pnpm@${version} with npm${onPath ? ` (found ${onPath})` : ''}`);
  if (run('npm', ['--version'], { capture: true }).missing) {
    throw new Error(
      'npm is not on PATH — install Node.js with npm (https://nodejs.org), then run this again',
    );
  }
  if (globalPrefixWritable()) {
    const global = run('npm', ['install', '-g', `pnpm@${version}`, '--no-fund', '--no-audit']);
    if (global.code === 0 && versionOf('pnpm') === version) return 'pnpm';
    say('!', 'the global install did not work; installing pnpm inside this folder instead');
  } else {
    say('→', "npm's global folder is not writable; installing pnpm into .cloudlab/tools");
  }
  const local = run('npm', ['install', '--prefix', localDir, `pnpm@${version}`, '--no-fund', '--no-audit']);
  if (local.code !== 0 || !existsSync(localPnpm)) {
    throw new Error(`could not install pnpm@${version} with npm — check your network, then run this again`);
  }
  return localPnpm;
}

/** `cloudlab grade`'s exit code when checks fail (as opposed to 2: the environment or the command is wrong). */
const CHECKS_FAILED = 1;

function main() {
  // Not import.meta.dirname: this must run (and say what is wrong) on a Node too old to have it.
  const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const grade = process.argv.includes('--grade');

  // 1. Node.js
  const verdict = nodeVerdict(process.versions.node);
  if (verdict === 'fail') {
    say('✖', `Node.js ${process.version} is too old: cloudlab needs Node.js ${NEEDED_MAJOR} or newer`);
    say(
      ' ',
      `install Node.js ${RECOMMENDED_MAJOR} LTS (e.g. \`nvm install ${RECOMMENDED_MAJOR}\`), then run this again`,
    );
    return 2;
  }
  say(
    verdict === 'ok' ? '✔' : '!',
    verdict === 'ok'
      ? `Node.js ${process.version}`
      : `Node.js ${process.version} works but reached end of life on 2026-04-30, and the AWS SDK needs ${SDK_MAJOR}+ from January 2027: install Node.js ${RECOMMENDED_MAJOR} LTS`,
  );

  // 2. pnpm at the pinned version
  let pnpm;
  try {
    pnpm = ensurePnpm(repoRoot, pinnedPnpm(repoRoot));
  } catch (error) {
    say('✖', error.message);
    return 2;
  }

  // 3. Dependencies
  say('→', 'pnpm install');
  if (run(pnpm, ['install'], { cwd: repoRoot }).code !== 0) {
    say('✖', 'pnpm install failed — read the error above; `pnpm store prune` helps when the disk is full');
    return 2;
  }

  // 4. The environment check
  say('→', 'pnpm cloudlab doctor');
  const doctor = run(pnpm, ['cloudlab', 'doctor'], { cwd: repoRoot });
  if (doctor.code !== 0) {
    say('✖', 'cloudlab doctor found problems — fix the ones marked ✖ above (docs/troubleshooting.md)');
    return doctor.code;
  }

  // 5. Optionally, grade every lab once. `pnpm -s`: a silent pnpm adds no "ELIFECYCLE … failed" line to the
  // exit code 1 that unfinished labs give, which is the expected start.
  const cli = `${pnpm === 'pnpm' ? 'pnpm' : JSON.stringify(pnpm)} cloudlab`;
  if (grade) {
    say('→', 'pnpm cloudlab grade');
    const graded = run(pnpm, ['-s', 'cloudlab', 'grade'], { cwd: repoRoot });
    if (graded.code === CHECKS_FAILED) {
      say(
        '✔',
        'setup worked: the labs are graded, and starters you have not worked on score 0 — that is the start',
      );
      say(
        ' ',
        `next: ${cli} watch 01   (grades lab 01 on every save; the chapter is labs/01-managed-credentials/README.md)`,
      );
      return 0;
    }
    if (graded.code !== 0) {
      say('✖', 'grading could not run — read the message above (docs/troubleshooting.md)');
      return graded.code;
    }
  }
  say('✔', `ready — next: ${cli} ${grade ? 'list' : 'watch 01'}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
