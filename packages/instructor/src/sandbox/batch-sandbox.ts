import { randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { bwrapArgs, type SandboxIdentity, type SandboxView } from './bwrap-args.ts';
import { findBwrap, missingBwrap, probeSandbox, SandboxUnavailableError } from './detect-sandbox.ts';
import { type EmulatorRelay, type RelayTarget, SOCKET_INSIDE, startEmulatorRelay } from './emulator-relay.ts';
import { LimitWatch } from './limit-watch.ts';
import { ownTree } from './own-tree.ts';
import { sandboxAccounts } from './sandbox-accounts.ts';
import {
  type AppliedLimits,
  applyLimits,
  DEFAULT_SANDBOX_LIMITS,
  type LimitsKind,
  type SandboxLimits,
} from './sandbox-limits.ts';
import { unreadablePaths } from './unreadable-paths.ts';

/** Tells the grading child it runs in a sandbox (loopback relay, sweeping strays between learners). */
export const SANDBOX_ENV = 'CLOUDLAB_SANDBOX';
export const RELAY_SOCKET_ENV = 'CLOUDLAB_EMULATOR_SOCKET';
/** The sandbox's scratch folders (JSON list): a warm child empties them between learners. */
export const SCRATCH_ENV = 'CLOUDLAB_SANDBOX_SCRATCH';
/** When the batch runs as root, worker slot N's sandbox runs as this uid + N, a user of its own outside too. */
export const SANDBOX_UID_BASE = 64000;

export interface BatchSandboxOptions {
  courseRoot: string;
  outDir: string;
  /** The emulator every sandbox reaches through the relay: its endpoint, or itself when in this process. */
  emulator: RelayTarget;
  /** The lab folders this batch grades: every other lab's `hidden/` is masked too. Default: every lab. */
  labs?: readonly string[];
  limits?: SandboxLimits;
}

/** A sandbox's command line: spawn `file args`; `release` once every process of it is gone. */
export interface SandboxCommand {
  file: string;
  args: string[];
  release(): Promise<void>;
  /** Its cgroup's limit events, where it has a cgroup (rlimits count nothing). */
  limitWatch?: LimitWatch;
}

const SYSTEM = ['/usr', '/etc', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/opt'];
// What of the course a learner must not read: the reference answers, the misconceptions (edits of them), and
// the repository's history (every answer ever committed). `hidden/` cannot be among them for a lab being graded:
// its checks run in the learner's test worker (SECURITY.md, item 3).
const COURSE_SECRETS = ['solution', 'misconceptions'];

/**
 * The batch's sandboxes (SECURITY.md, item 3): one bubblewrap sandbox per grading child, as an unprivileged
 * user (as root: bwrap's privileged mode, then a uid per worker slot with no capability; otherwise the
 * instructor's own uid, mapped to 65534 in a user namespace),
 * with a read-only view of the system, Node, the workspace and the course minus its answers, the output
 * folder hidden, only the learner's own folder writable, no network but the relay to the emulator, and
 * memory, task and file-size limits.
 */
export class BatchSandbox {
  private constructor(
    private readonly bwrap: string,
    private readonly view: Omit<SandboxView, 'writable' | 'cwd'>,
    private readonly relay: EmulatorRelay,
    private readonly limits: SandboxLimits,
    /** cgroup v2, v1, or rlimits per process: which one this machine allowed. */
    readonly limitsKind: LimitsKind,
    /** Names this batch's cgroups: two batches in one process must not share a slot's cgroup and its counters. */
    private readonly instance: string,
  ) {}

  /** Checks that a sandbox starts here and can read the course; throws SandboxUnavailableError with the reason. */
  static async open(options: BatchSandboxOptions): Promise<BatchSandbox> {
    const bwrap = findBwrap();
    if (!bwrap) throw missingBwrap();
    const limits = options.limits ?? DEFAULT_SANDBOX_LIMITS;
    const instance = `${process.pid}-${randomBytes(3).toString('hex')}`;
    const relay = await startEmulatorRelay(options.emulator);
    try {
      // What a masked file reads as (a worktree's `.git`): an empty file; /dev/null cannot be opened on a nodev bind.
      const empty = join(dirname(relay.socket), 'empty');
      await writeFile(empty, '', { mode: 0o444 });
      const view = courseView(options.courseRoot, options.outDir, relay.socket, empty, options.labs);
      const trial = await applyLimits(`cloudlab-probe-${instance}`, limits, ownUid());
      await trial.release();
      const sandbox = new BatchSandbox(bwrap, view, relay, limits, trial.kind, instance);
      const probe = sandbox.#command(0, { writable: [], cwd: '/' }, [
        '/bin/sh',
        '-c',
        'test -r "$0/labs" && test -x "$0/labs" || { echo "the sandbox user cannot read $0/labs" >&2; exit 1; }; ' +
          // Node in a folder only its owner may enter (a mktemp folder, a home of mode 0700 bound whole) starts
          // for root and for no learner: every grade would "crash" with no word of why.
          '"$1" -e 0 2>/dev/null || { echo "the sandbox user cannot run $1" >&2; exit 1; }',
        options.courseRoot,
        realpathSync(process.execPath),
      ]);
      try {
        probeSandbox(probe.file, probe.args);
      } catch (error) {
        if (/cannot read/.test((error as Error).message) && ownUid())
          throw new SandboxUnavailableError(
            `cannot sandbox learners' code: the sandbox's user (uid ${SANDBOX_UID_BASE}) cannot read the course at ${options.courseRoot} — make its folders readable by all (chmod -R o+rX), or run the batch as an ordinary user`,
          );
        if (/cannot run/.test((error as Error).message) && ownUid())
          throw new SandboxUnavailableError(
            `cannot sandbox learners' code: the sandbox's user (uid ${SANDBOX_UID_BASE}) cannot run Node at ${realpathSync(process.execPath)} — make its folders readable and searchable by all (chmod o+rx on the folder it was unpacked in), or run the batch as an ordinary user`,
          );
        throw error;
      }
      return sandbox;
    } catch (error) {
      await relay.close();
      throw error;
    }
  }

  /** Variables the grading child needs to find its way in the sandbox. */
  get env(): Record<string, string> {
    return {
      [SANDBOX_ENV]: '1',
      [RELAY_SOCKET_ENV]: SOCKET_INSIDE,
      [SCRATCH_ENV]: JSON.stringify(this.view.scratch ?? []),
    };
  }

  /**
   * `command` in a fresh sandbox for worker `slot`, with `writable` (the learner's folder) its only writable
   * folders, in its own cgroup where one can be made.
   */
  async command(
    slot: number,
    place: { writable: string[]; cwd: string },
    command: string[],
  ): Promise<SandboxCommand> {
    const limits = await applyLimits(`cloudlab-sandbox-${this.instance}-${slot}`, this.limits, ownUid());
    return this.#command(slot, place, command, limits);
  }

  /**
   * Hands folders the batch staged to slot `slot`'s user (root only: otherwise they are the instructor's):
   * only their own files, never what their links lead to (own-tree.ts). Returns the chown calls made.
   */
  async own(slot: number, paths: string[]): Promise<number> {
    if (!ownUid()) return 0;
    const uid = SANDBOX_UID_BASE + slot;
    let calls = 0;
    for (const path of paths) calls += await ownTree(path, uid, uid);
    return calls;
  }

  async close(): Promise<void> {
    await this.relay.close();
  }

  /** /etc/passwd and /etc/group naming `uid` (sandbox-accounts.ts), written once per slot beside the relay. */
  #accountFiles(uid: number): { outside: string; inside: string }[] {
    const dir = dirname(this.relay.socket);
    const passwd = join(dir, `passwd-${uid}`);
    const group = join(dir, `group-${uid}`);
    if (!existsSync(passwd)) {
      const accounts = sandboxAccounts(uid);
      writeFileSync(group, accounts.group, { mode: 0o444 });
      writeFileSync(passwd, accounts.passwd, { mode: 0o444 });
    }
    return [
      { outside: passwd, inside: '/etc/passwd' },
      { outside: group, inside: '/etc/group' },
    ];
  }

  #command(
    slot: number,
    place: { writable: string[]; cwd: string },
    command: string[],
    limits?: AppliedLimits,
  ): SandboxCommand {
    const uid = SANDBOX_UID_BASE + slot;
    const identity: SandboxIdentity = ownUid() ? { kind: 'switch', uid } : { kind: 'mapped' };
    // The switched user gets a passwd line (mapped, it is nobody, whom the system lists already).
    const files = identity.kind === 'switch' ? this.#accountFiles(uid) : [];
    const bwrap = [this.bwrap, ...bwrapArgs({ ...this.view, ...place, files }, command, identity)];
    const rlimits = limits ? ['prlimit', ...limits.rlimits, '--'] : [];
    const procs = limits?.cgroupProcs ?? [];
    // A shell joins the cgroups first, so that every process bwrap starts is born inside them (writing bwrap's
    // pid from here would race its first fork); then it sets the rlimits.
    const joinGroups =
      'for f in "$@"; do [ "$f" = -- ] && break; echo $$ > "$f" || exit 125; shift; done; shift; exec "$@"';
    const counted = limits?.counters() ? limits : undefined;
    return {
      file: '/bin/sh',
      args: ['-c', joinGroups, 'sh', ...procs, '--', ...rlimits, ...bwrap],
      release: async () => limits?.release(),
      ...(counted ? { limitWatch: new LimitWatch(() => counted.counters(), this.limits) } : {}),
    };
  }
}

/** Root grades as a uid of its own per slot; anyone else runs the sandbox as themselves. */
function ownUid(): boolean {
  return process.getuid?.() === 0;
}

/** What every sandbox sees of this machine, before the learner's own folder is added. */
function courseView(
  courseRoot: string,
  outDir: string,
  socket: string,
  empty: string,
  graded: readonly string[] | undefined,
): Omit<SandboxView, 'writable' | 'cwd'> {
  const readOnly: string[] = [];
  const symlinks: { path: string; target: string }[] = [];
  for (const path of SYSTEM) {
    if (!existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink()) symlinks.push({ path, target: readlinkSync(path) });
    else readOnly.push(path);
  }
  const node = realpathSync(process.execPath);
  if (!SYSTEM.some((dir) => node.startsWith(`${dir}/`))) readOnly.push(dirname(dirname(node)));
  const workspace = workspaceRoot();
  const course = realpathSync(courseRoot);
  const roots = inside(workspace, course) ? [workspace] : [workspace, course];
  readOnly.push(...roots);
  const masked = new Set<string>();
  const maskedFiles: string[] = [];
  const scratch = new Set<string>();
  for (const root of new Set([...roots, course])) {
    const git = join(root, '.git');
    if (existsSync(git)) lstatSync(git).isDirectory() ? masked.add(git) : maskedFiles.push(git);
    const labs = join(root, 'labs');
    if (!existsSync(labs)) continue;
    for (const lab of readdirSync(labs)) {
      const viteTemp = viteTempOf(join(labs, lab));
      if (viteTemp) scratch.add(viteTemp);
      // A graded lab's tests may keep state in the lab's `.cloudlab/` (lab 05 audits the learner's unit test
      // there): a tmpfs of the sandbox's own, which also hides the instructor's state from the learner.
      const state = graded && !graded.includes(lab) ? undefined : labStateOf(join(labs, lab));
      if (state) scratch.add(state);
      // The hidden checks of a lab this batch does not grade are not needed by anyone inside.
      const secrets = graded && !graded.includes(lab) ? [...COURSE_SECRETS, 'hidden'] : COURSE_SECRETS;
      for (const secret of secrets) {
        const path = join(labs, lab, secret);
        if (existsSync(path) && lstatSync(path).isDirectory()) masked.add(path);
      }
    }
  }
  const out = realpathSync(outDir);
  if (readOnly.some((root) => inside(root, out))) masked.add(out);
  // Only a uid of its own (root's batch) is "others" to the course; as the instructor's uid all is readable.
  if (ownUid()) {
    const unreadable = unreadablePaths(roots, new Set([...masked, ...scratch]));
    for (const dir of unreadable.dirs) masked.add(dir);
    maskedFiles.push(...unreadable.files);
  }
  return {
    readOnly,
    symlinks,
    masked: [...masked],
    maskedFiles,
    empty,
    scratch: [...scratch],
    sockets: [{ outside: socket, inside: SOCKET_INSIDE }],
  };
}

/**
 * Where Vite writes a lab's bundled config before importing it (`.vite-temp` in the nearest node_modules),
 * made here so that the sandbox can mount a scratch folder on it; undefined if it cannot be made.
 */
function viteTempOf(labDir: string): string | undefined {
  for (let dir = labDir; dir !== dirname(dir); dir = dirname(dir)) {
    if (!existsSync(join(dir, 'node_modules'))) continue;
    const path = join(dir, 'node_modules', '.vite-temp');
    try {
      mkdirSync(path, { recursive: true });
      // Mounted where it really is: bwrap cannot make a mount point through a linked node_modules.
      return realpathSync(path);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A lab's `.cloudlab/` (gitignored), made here so the sandbox can mount a tmpfs on it; undefined if it cannot be. */
function labStateOf(labDir: string): string | undefined {
  if (!existsSync(join(labDir, 'lab.ts'))) return undefined;
  const path = join(labDir, '.cloudlab');
  try {
    mkdirSync(path, { recursive: true });
    return lstatSync(path).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}

function inside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The pnpm workspace (or installing project) this package's imports resolve in: all of it is read-only inside. */
function workspaceRoot(): string {
  let dir = realpathSync(import.meta.dirname);
  for (let up = dir; up !== dirname(up); up = dirname(up)) {
    if (existsSync(join(up, 'pnpm-workspace.yaml'))) return up;
  }
  // Installed as a dependency: the project above the outermost node_modules.
  const at = dir.indexOf('/node_modules/');
  if (at > 0) dir = dir.slice(0, at);
  return dir;
}
