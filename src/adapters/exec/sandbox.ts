import path from 'node:path';

/** What the sandbox lets a gate see and change, besides a read-only view of the system. */
export interface SandboxMounts {
  /** Hidden behind an empty folder: credentials (.git-credentials, the runner's .credentials) live there. */
  home: string | null;
  /** Folders the gate writes: the work folder (tree and build) and compiler caches. */
  writable: readonly string[];
  /** Folders it reads even where a private /tmp or the hidden home would cover them: the checkout, tool folders on PATH. */
  readOnly: readonly string[];
}

/**
 * bubblewrap's arguments for one gate: its own user, PID, network, IPC and
 * UTS namespaces (so it sees no other process's `/proc/*\/environ` and has no
 * network), the system read-only, a fresh /tmp, and only `writable` writable.
 */
export function bwrapArguments(mounts: SandboxMounts, cwd: string, command: string, args: readonly string[]): string[] {
  const out = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/run'];
  const hidden = ['/tmp', '/run'];
  const home = mounts.home === null ? null : path.resolve(mounts.home);
  if (home !== null && home !== '/' && !hidden.some((h) => isInside(h, home))) {
    out.push('--tmpfs', home);
    hidden.push(home);
  }
  // After the tmpfs mounts, so what they cover is visible again.
  for (const dir of mounts.readOnly) if (hidden.some((h) => isInside(h, dir))) out.push('--ro-bind', dir, dir);
  for (const dir of mounts.writable) out.push('--bind', dir, dir);
  out.push(
    '--unshare-user', '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    '--die-with-parent', '--new-session', '--chdir', cwd, '--', command, ...args,
  );
  return out;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
