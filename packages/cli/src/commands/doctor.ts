import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CLOUD9_MANAGED_CREDENTIALS_ADVICE,
  type Session,
  type SessionDescription,
} from '@cloudlab/aws-session';
import type { Command } from 'commander';
import type { Flags } from '../cli-table.ts';
import type { CommandModule } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { openSession } from '../global-options.ts';
import { dim, printResult, type Status, statusMark } from '../output.ts';
import { commandFrom } from '../register-command.ts';

export interface DoctorCheck {
  id: string;
  title: string;
  status: Status;
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export const doctorCommand: CommandModule = {
  register(program) {
    commandFrom(program, 'doctor').action(async (options: Flags<'doctor'>, command: Command) => {
      const session = openSession(command);
      try {
        const report = await runDoctor(session, { offline: Boolean(options.offline) });
        printResult(command, report, renderReport);
        process.exitCode = report.ok ? ExitCode.ok : ExitCode.usageOrEnvironment;
      } finally {
        await session.close();
      }
    });
  },
};

export async function runDoctor(session: Session, options: { offline: boolean }): Promise<DoctorReport> {
  const described = await session.describe();
  const checks = [
    checkNode(process.versions.node),
    checkPnpm(),
    checkTarget(described),
    await checkEndpoint(session, described),
    checkCredentials(described),
    await checkIdentity(session, described, options),
    checkRegion(described),
    checkCloud9(described),
    checkMemory(freemem(), totalmem()),
    checkDisk(process.cwd()),
  ].filter((check): check is DoctorCheck => check !== undefined);
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}

export function checkNode(version: string): DoctorCheck {
  const major = Number(version.split('.')[0]);
  const base = { id: 'node', title: 'Node.js', detail: `v${version}` };
  if (major < 20) {
    return { ...base, status: 'fail', fix: 'cloudlab needs Node.js 20 or newer — install Node.js 24 LTS' };
  }
  if (major < 22) {
    return {
      ...base,
      status: 'warn',
      fix: 'Node.js 20 reached end of life on 2026-04-30, and AWS SDK for JavaScript v3 versions from January 2027 need Node.js 22 or newer — install Node.js 24 LTS',
    };
  }
  return { ...base, status: 'ok' };
}

function checkPnpm(): DoctorCheck {
  const pinned = pinnedPnpm();
  const found = runningPnpm();
  const base = { id: 'pnpm', title: 'pnpm' };
  if (!found) {
    return {
      ...base,
      status: 'warn',
      detail: 'not found on PATH',
      fix: `run \`node scripts/setup.mjs\`, or \`npm install -g pnpm@${pinned ?? 'latest'}\``,
    };
  }
  if (pinned && found !== pinned) {
    return {
      ...base,
      status: 'warn',
      detail: `${found} (the repository pins ${pinned})`,
      fix: `run \`npm install -g pnpm@${pinned}\``,
    };
  }
  return { ...base, status: 'ok', detail: found };
}

/** pnpm's own user agent when run as `pnpm cloudlab`, else ask the pnpm on PATH. */
function runningPnpm(): string | undefined {
  const agent = /^pnpm\/(\S+)/.exec(process.env.npm_config_user_agent ?? '');
  if (agent) return agent[1];
  const out = spawnSync('pnpm', ['--version'], {
    encoding: 'utf8',
    timeout: 10_000,
    shell: process.platform === 'win32',
  });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

/** The version in the workspace root's `packageManager` field (pnpm@X.Y.Z). */
function pinnedPnpm(): string | undefined {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manager = (JSON.parse(readFileSync(file, 'utf8')) as { packageManager?: string }).packageManager;
    if (manager?.startsWith('pnpm@')) return manager.slice('pnpm@'.length).split('+')[0];
  }
  return undefined;
}

function checkTarget(described: SessionDescription): DoctorCheck {
  const how = {
    option: 'from --target',
    'env:CLOUDLAB_TARGET': 'from CLOUDLAB_TARGET',
    endpoint: 'from the endpoint URL',
    default: 'the default',
  }[described.targetSource];
  return { id: 'target', title: 'Target', status: 'ok', detail: `${described.target} (${how})` };
}

async function checkEndpoint(session: Session, described: SessionDescription): Promise<DoctorCheck> {
  const base = { id: 'endpoint', title: 'Endpoint' };
  if (session.target === 'aws') {
    return { ...base, status: 'ok', detail: 'real AWS (the SDK picks each service endpoint)' };
  }
  if (!described.endpoint) {
    return {
      ...base,
      status: 'fail',
      detail: described.credentialsError ?? 'no endpoint',
      fix: 'use --endpoint URL for another AWS-compatible endpoint, or --target aws',
    };
  }
  try {
    const response = await fetch(described.endpoint, { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
    // Any HTTP answer proves the endpoint is up (an unsigned GET earns a 403 from AWS-compatible servers).
    const status = response.status >= 500 ? 'warn' : 'ok';
    return {
      ...base,
      status,
      detail: `${described.endpoint} is reachable (HTTP ${response.status} to an unsigned GET)`,
      ...(status === 'warn' ? { fix: 'the endpoint answers with server errors — restart it' } : {}),
    };
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      detail: `${described.endpoint} does not answer (${(error as Error).cause ?? (error as Error).message})`,
      fix: 'start it (e.g. `pnpm cloudlab emulator`), check the URL, or drop --endpoint to use the embedded emulator',
    };
  }
}

function checkCredentials(described: SessionDescription): DoctorCheck {
  const base = { id: 'credentials', title: 'Credentials' };
  const creds = described.credentials;
  if (!creds) {
    return {
      ...base,
      status: 'fail',
      detail: described.credentialsError ?? 'none',
      fix: 'see docs/troubleshooting.md, "Credentials"',
    };
  }
  const expiry = creds.expiration ? `, expires ${creds.expiration}` : '';
  const kind = creds.temporary ? 'temporary' : 'long-term';
  return { ...base, status: 'ok', detail: `${creds.label} — ${creds.accessKeyId} (${kind}${expiry})` };
}

async function checkIdentity(
  session: Session,
  described: SessionDescription,
  options: { offline: boolean },
): Promise<DoctorCheck | undefined> {
  if (!described.credentials || (session.target === 'aws' && options.offline)) return undefined;
  const base = { id: 'identity', title: 'Identity' };
  try {
    const identity = await session.whoami();
    return {
      ...base,
      status: 'ok',
      detail: `${identity.arn} (${identity.principal.type}, account ${identity.account})`,
    };
  } catch (error) {
    return {
      ...base,
      // An endpoint without STS (MinIO, say) still serves the labs that do not need it.
      status: session.target === 'aws' ? 'fail' : 'warn',
      detail: `STS GetCallerIdentity failed: ${(error as Error).message.split('\n')[0]}`,
      fix: 'check the credentials above; on real AWS, try `aws sts get-caller-identity`',
    };
  }
}

function checkRegion(described: SessionDescription): DoctorCheck {
  const base = { id: 'region', title: 'Region' };
  if (!described.region) {
    return {
      ...base,
      status: 'fail',
      detail: described.regionError ?? 'not set',
      fix: 'see the message above',
    };
  }
  return { ...base, status: 'ok', detail: `${described.region} (${described.regionSource})` };
}

function checkCloud9(described: SessionDescription): DoctorCheck {
  const base = { id: 'cloud9', title: 'Cloud9' };
  if (!described.cloud9.detected) return { ...base, status: 'ok', detail: 'not a Cloud9 environment' };
  const markers = described.cloud9.markers.join(', ');
  if (described.credentials?.source === 'cloud9-managed') {
    return {
      ...base,
      status: 'warn',
      detail: `Cloud9 detected (${markers}) with AWS managed temporary credentials`,
      fix: CLOUD9_MANAGED_CREDENTIALS_ADVICE,
    };
  }
  return {
    ...base,
    status: 'ok',
    detail: `Cloud9 detected (${markers}); for --target aws read docs/cloud9.md`,
  };
}

export function checkMemory(free: number, total: number): DoctorCheck {
  const base = {
    id: 'memory',
    title: 'Memory',
    detail: `${Math.round(free / MiB)} MiB free of ${(total / GiB).toFixed(1)} GiB`,
  };
  if (free < 256 * MiB) {
    return {
      ...base,
      status: 'warn',
      fix: 'close other programs or browser tabs, and run one grading at a time',
    };
  }
  if (total < 1.5 * GiB) {
    return {
      ...base,
      status: 'warn',
      fix: 'a 1 GiB instance (Cloud9 t2.micro) works but is tight: avoid `pnpm cloudlab watch` and other servers running at once',
    };
  }
  return { ...base, status: 'ok' };
}

export function checkDisk(path: string): DoctorCheck {
  const stats = statfsSync(path);
  const free = stats.bavail * stats.bsize;
  const base = { id: 'disk', title: 'Disk', detail: `${(free / GiB).toFixed(1)} GiB free at ${path}` };
  if (free < 512 * MiB) {
    return {
      ...base,
      status: 'fail',
      fix: 'free space: `pnpm store prune`, delete old node_modules; on Cloud9 resize the EBS volume (docs/cloud9.md)',
    };
  }
  if (free < 2 * GiB) {
    return {
      ...base,
      status: 'warn',
      fix: "Cloud9's default 10 GiB volume fills up quickly: run `pnpm store prune`, or resize it (docs/cloud9.md)",
    };
  }
  return { ...base, status: 'ok' };
}

function renderReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines = report.checks.flatMap((check) => [
    `${statusMark(check.status)} ${check.title.padEnd(width)}  ${check.detail}`,
    ...(check.fix ? [`  ${' '.repeat(width)}  ${dim(`→ ${check.fix}`)}`] : []),
  ]);
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const warned = report.checks.filter((check) => check.status === 'warn').length;
  lines.push(
    '',
    failed ? `${failed} problem(s) to fix, ${warned} warning(s)` : `ready (${warned} warning(s))`,
  );
  return lines.join('\n');
}
