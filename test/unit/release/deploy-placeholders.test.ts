import { describe, expect, it } from 'vitest';
import { fillPlaceholders, withInterpreter } from '../../../src/release/deploy-placeholders.js';
import { parseHealthTarget } from '../../../src/release/health-target.js';
import { splitCommandLine } from '../../../src/toolchain/command-line.js';
import { DEPLOY_PLACEHOLDERS } from '../../../src/release/deploy-placeholders.js';

const VALUES = { target: 'test', environment: 'crash-fix-test', buildDir: 'C:\\rel ease', artifact: 'C:\\rel ease\\release.json', version: 'aaaaaaaaaaaa-bbbbbbbbbbbb', commit: 'a'.repeat(40) };

describe('deploy command placeholders', () => {
  it('fills each word without a shell, a path with a space staying one argument, and sets the same values as variables', () => {
    const argv = splitCommandLine('deploy.ps1 -Target {target} -From "{build-dir}\\bin" -Version {version}', 'deploy-command', 'win32', DEPLOY_PLACEHOLDERS);
    const filled = fillPlaceholders(argv, VALUES);
    expect(filled.argv).toEqual(['deploy.ps1', '-Target', 'test', '-From', 'C:\\rel ease\\bin', '-Version', 'aaaaaaaaaaaa-bbbbbbbbbbbb']);
    expect(filled.env).toMatchObject({ CRASH_AUTOFIX_TARGET: 'test', CRASH_AUTOFIX_COMMIT: VALUES.commit, CRASH_AUTOFIX_ARTIFACT: VALUES.artifact });
  });

  it('refuses shell syntax in the setting, pointing at a script', () => {
    expect(() => splitCommandLine('sc.exe stop worldserver && sc.exe start worldserver', 'deploy-command', 'win32', DEPLOY_PLACEHOLDERS)).toThrow(/Setting 'deploy-command' uses '&'.*put the commands in a script/);
  });

  it('runs a named script with its interpreter', () => {
    expect(withInterpreter(['scripts/deploy.ps1', 'x'], 'win32')).toEqual(['powershell.exe', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', 'scripts/deploy.ps1', 'x']);
    expect(withInterpreter(['deploy.cmd'], 'win32')).toEqual(['cmd.exe', '/d', '/s', '/c', 'deploy.cmd']);
    expect(withInterpreter(['./deploy.sh', 'y'], 'linux')).toEqual(['sh', './deploy.sh', 'y']);
    expect(withInterpreter(['systemctl', 'restart', 'worldserver'], 'linux')).toEqual(['systemctl', 'restart', 'worldserver']);
  });
});

describe('health-check', () => {
  it('reads the three kinds', () => {
    expect(parseHealthTarget('tcp://127.0.0.1:8085', 'health-check')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 8085 });
    expect(parseHealthTarget('tcp://[::1]:3724', 'health-check')).toEqual({ kind: 'tcp', host: '::1', port: 3724 });
    expect(parseHealthTarget('https://realm.example.com/health', 'health-check')).toEqual({ kind: 'http', url: 'https://realm.example.com/health' });
    expect(parseHealthTarget('process:worldserver.exe', 'health-check')).toEqual({ kind: 'process', name: 'worldserver.exe' });
  });

  it('says what is wrong in one line', () => {
    expect(() => parseHealthTarget('tcp://127.0.0.1', 'Input health-check')).toThrow('Input health-check must be tcp://host:port, http(s)://… or process:NAME; got "tcp://127.0.0.1" (a host and a port from 1 to 65535)');
    expect(() => parseHealthTarget('udp://h:1', 'health-check')).toThrow(/the scheme udp: is not one of tcp, http, https/);
    expect(() => parseHealthTarget('process:C:\\bin\\worldserver.exe', 'health-check')).toThrow(/a process name without a folder/);
    expect(() => parseHealthTarget('worldserver', 'health-check')).toThrow(/not a URL/);
  });
});
