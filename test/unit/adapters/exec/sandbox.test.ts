import { describe, expect, it } from 'vitest';
import { bwrapArguments } from '../../../../src/adapters/exec/sandbox.js';

describe('bwrapArguments', () => {
  it('isolates namespaces, hides home, and makes only the work folder and caches writable', () => {
    const args = bwrapArguments({ home: '/home/runner', writable: ['/home/runner/.cache/crash-autofix/w', '/home/runner/.cache/ccache'], readOnly: ['/home/runner/repo', '/opt/tools', '/tmp/checkout'] }, '/home/runner/.cache/crash-autofix/w/run', '/usr/bin/ctest', ['-j', '2']);
    const joined = args.join(' ');
    expect(joined.startsWith('--ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --tmpfs /run --tmpfs /home/runner --ro-bind /home/runner/repo /home/runner/repo --ro-bind /tmp/checkout /tmp/checkout ')).toBe(true);
    // Read-only folders outside home are already visible through the read-only root.
    expect(joined).not.toContain('/opt/tools');
    expect(joined).toContain('--bind /home/runner/.cache/crash-autofix/w /home/runner/.cache/crash-autofix/w --bind /home/runner/.cache/ccache /home/runner/.cache/ccache');
    for (const flag of ['--unshare-user', '--unshare-pid', '--unshare-net', '--unshare-ipc', '--die-with-parent', '--new-session']) expect(args).toContain(flag);
    expect(args.slice(-6)).toEqual(['--chdir', '/home/runner/.cache/crash-autofix/w/run', '--', '/usr/bin/ctest', '-j', '2']);
    // The writable binds come after the tmpfs mounts that would otherwise hide them.
    expect(args.lastIndexOf('--tmpfs')).toBeLessThan(args.indexOf('--bind'));
  });

  it('does not hide a home of / or one under /tmp', () => {
    const tmpfs = (args: string[]): string[] => args.filter((_, i) => args[i - 1] === '--tmpfs');
    expect(tmpfs(bwrapArguments({ home: '/', writable: [], readOnly: [] }, '/', 'true', []))).toEqual(['/tmp', '/run']);
    expect(tmpfs(bwrapArguments({ home: '/tmp/h', writable: [], readOnly: [] }, '/', 'true', []))).toEqual(['/tmp', '/run']);
    expect(tmpfs(bwrapArguments({ home: '/root', writable: [], readOnly: [] }, '/', 'true', []))).toEqual(['/tmp', '/run', '/root']);
  });
});
