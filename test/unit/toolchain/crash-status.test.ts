import { describe, expect, it } from 'vitest';
import { crashStatus } from '../../../src/toolchain/crash-status.js';

describe('crashStatus', () => {
  it.each(['SIGSEGV', 'SIGABRT', 'SIGFPE', 'SIGBUS', 'SIGILL'])('counts %s as a crash', (signal) => {
    expect(crashStatus({ signal, exitCode: null }, 'linux')).toEqual({ crashed: true, reason: signal });
  });

  it('does not count a kill or a terminate, nor an ordinary exit code', () => {
    expect(crashStatus({ signal: 'SIGKILL', exitCode: null }, 'linux').crashed).toBe(false);
    expect(crashStatus({ signal: 'SIGTERM', exitCode: null }, 'linux').crashed).toBe(false);
    expect(crashStatus({ signal: null, exitCode: 1 }, 'linux')).toEqual({ crashed: false, reason: null });
    expect(crashStatus({ signal: null, exitCode: 0 }, 'linux').crashed).toBe(false);
  });

  it('reads 128+signal from a wrapper shell', () => {
    expect(crashStatus({ signal: null, exitCode: 139 }, 'linux')).toEqual({ crashed: true, reason: 'SIGSEGV' });
    expect(crashStatus({ signal: null, exitCode: 134 }, 'darwin')).toEqual({ crashed: true, reason: 'SIGABRT' });
    expect(crashStatus({ signal: null, exitCode: 130 }, 'linux').crashed).toBe(false); // Ctrl-C
  });

  it('reads Windows NTSTATUS exit codes, unsigned or negative', () => {
    expect(crashStatus({ signal: null, exitCode: 0xc0000005 }, 'win32')).toEqual({ crashed: true, reason: 'STATUS_ACCESS_VIOLATION' });
    expect(crashStatus({ signal: null, exitCode: -1073741571 }, 'win32')).toEqual({ crashed: true, reason: 'STATUS_STACK_OVERFLOW' });
    expect(crashStatus({ signal: null, exitCode: 0xc0000420 }, 'win32')).toEqual({ crashed: true, reason: '0xC0000420' });
    expect(crashStatus({ signal: null, exitCode: 0xc0000135 }, 'win32').crashed).toBe(false); // DLL not found: never started
    expect(crashStatus({ signal: null, exitCode: 3 }, 'win32').crashed).toBe(false);
  });
});
