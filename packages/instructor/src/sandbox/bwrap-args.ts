/** What a learner's sandbox sees: every path keeps its name inside, so the course's absolute paths still work. */
export interface SandboxView {
  /** Folders bound read-only (system, Node, the workspace's packages, the course). */
  readOnly: readonly string[];
  /** Symlinks recreated as they are (merged /usr: /bin -> usr/bin). */
  symlinks?: readonly { path: string; target: string }[];
  /** Folders replaced by an empty read-only folder (the course's solution/, the output folder, .git). */
  masked: readonly string[];
  /** Files replaced by `empty` (a worktree's `.git` file). */
  maskedFiles?: readonly string[];
  empty?: string;
  /** Scratch folders of the tools, writable and emptied with the sandbox (Vite's `node_modules/.vite-temp`). */
  scratch?: readonly string[];
  /** The learner's own folders: the only writable places that outlive the sandbox. */
  writable: readonly string[];
  /** Files bound read-only over the system's (the sandbox user's /etc/passwd and /etc/group). */
  files?: readonly { outside: string; inside: string }[];
  /** Outside socket file -> path inside (the emulator relay). */
  sockets?: readonly { outside: string; inside: string }[];
  cwd: string;
}

/** The user a learner's code runs as inside its user namespace. */
export const SANDBOX_ID = 65534;

/**
 * Who runs the command: `mapped`, bwrap run by an ordinary user, who becomes 65534 in a user namespace of its
 * own; `switch`, bwrap run by root (its privileged mode: it opens every path as root), the command then
 * becoming `uid` outside and in, with no capability left (setpriv), before anything of the learner runs.
 */
export type SandboxIdentity = { kind: 'mapped' } | { kind: 'switch'; uid: number };

/**
 * bwrap's arguments for `command` in `view`: new user, PID, network, IPC and UTS namespaces, killed with its
 * parent, no capabilities, a private /tmp, /proc of its own PID namespace (no other process's environ).
 * Masks are mounted before the writable folders under them and made read-only after (bwrap applies its
 * operations in order, and creates the mount points it needs in a tmpfs still writable).
 */
export function bwrapArgs(
  view: SandboxView,
  command: readonly string[],
  identity: SandboxIdentity = { kind: 'mapped' },
): string[] {
  const byDepth = (a: string, b: string) => a.split('/').length - b.split('/').length;
  const user =
    identity.kind === 'mapped'
      ? ['--unshare-user', '--uid', String(SANDBOX_ID), '--gid', String(SANDBOX_ID), '--disable-userns']
      : [];
  const become =
    identity.kind === 'switch'
      ? [
          'setpriv',
          `--reuid=${identity.uid}`,
          `--regid=${identity.uid}`,
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
          '--',
        ]
      : [];
  const args = [
    ...user,
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
  ];
  // bwrap (as root) makes missing parents of a mount point 0700 root: each is made 0755 first, or the
  // switched user could not walk to its own folder. Parents inside a read-only bind exist already.
  const made = new Set<string>();
  const makeParents = (path: string, within: readonly string[]) => {
    const parts = path.split('/').filter(Boolean);
    for (let depth = 1; depth < parts.length; depth++) {
      const parent = `/${parts.slice(0, depth).join('/')}`;
      if (made.has(parent)) continue;
      const inBind = view.readOnly.some((root) => parent === root || parent.startsWith(`${root}/`));
      const inMask = within.some((mask) => parent.startsWith(`${mask}/`));
      if (inBind && !inMask) continue;
      made.add(parent);
      args.push('--perms', '0755', '--dir', parent);
    }
  };
  // Scratch tmpfs are writable by whoever runs inside (bwrap as root would make them root's). /tmp comes
  // before the binds: mounted after them, it would hide a course or workspace that lives under /tmp (a CI
  // clone in a mktemp folder), and every grading process would fail to start.
  args.push('--proc', '/proc', '--dev', '/dev', '--perms', '1777', '--tmpfs', '/tmp');
  for (const path of [...view.readOnly].sort(byDepth)) makeParents(path, []);
  for (const path of [...view.readOnly].sort(byDepth)) args.push('--ro-bind', path, path);
  for (const { path, target } of view.symlinks ?? []) args.push('--symlink', target, path);
  for (const { outside, inside } of view.files ?? []) args.push('--ro-bind', outside, inside);
  const masked = [...view.masked].sort(byDepth);
  for (const path of masked) args.push('--tmpfs', path);
  for (const path of view.maskedFiles ?? []) args.push('--ro-bind', view.empty ?? '/dev/null', path);
  for (const path of view.scratch ?? [])
    args.push('--perms', '1777', '--size', String(64 * 2 ** 20), '--tmpfs', path);
  for (const path of view.writable) makeParents(path, masked);
  for (const { inside } of view.sockets ?? []) makeParents(inside, masked);
  for (const path of [...view.writable].sort(byDepth)) args.push('--bind', path, path);
  for (const { outside, inside } of view.sockets ?? []) args.push('--bind', outside, inside);
  for (const path of masked) args.push('--remount-ro', path);
  args.push('--chdir', view.cwd, '--', ...become, ...command);
  return args;
}
