import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSettings, type SettingsInput } from '../../../src/settings/build-settings.js';
import { fakeEnvironment } from '../../fakes/environment.js';

const env = fakeEnvironment();

function input(values: SettingsInput['values'], files: Record<string, string> = {}, extra: Partial<SettingsInput> = {}): SettingsInput {
  return { origin: 'cli', values, environment: env, readTextFile: async (f) => files[f] ?? null, ...extra };
}

describe('buildSettings', () => {
  it('applies defaults and resolves paths against the working folder', async () => {
    const s = await buildSettings(input({ dump: 'core.123', executable: 'bin/worldserver' }));
    expect(s.dump).toBe('/work/repo/core.123');
    expect(s.executable).toBe('/work/repo/bin/worldserver');
    expect(s.sourceRoot).toBe('/work/repo');
    expect(s.debugger).toBe('auto');
    expect(s.debuggerTimeoutMs).toBe(600_000);
    expect(s.contextLines).toBe(7);
    expect(s.stateDir).toBe('/work/repo/.crash-autofix');
    expect(s.symbolCache).toBe('/work/repo/.crash-autofix/symbols');
    expect(s.configFile).toBeNull();
  });

  it('resolves every relative path given as a flag against the current folder, not the source root', async () => {
    const elsewhere = fakeEnvironment({ cwd: '/home/me/triage' });
    const s = await buildSettings({
      origin: 'cli',
      values: { dump: 'core.1', 'source-root': '../server', 'state-dir': 'state', 'symbol-cache': 'syms-cache', symbols: ['pdb'], 'work-dir': 'work', 'instructions-file': 'notes/ai.md', config: 'caf.yml' },
      environment: elsewhere,
      readTextFile: async (f) => (f === '/home/me/triage/caf.yml' ? '' : null),
    });
    expect(s.sourceRoot).toBe('/home/me/server');
    expect(s.dump).toBe('/home/me/triage/core.1');
    expect(s.stateDir).toBe('/home/me/triage/state');
    expect(s.symbolCache).toBe('/home/me/triage/syms-cache');
    expect(s.symbols).toEqual(['/home/me/triage/pdb']);
    expect(s.workDir).toBe('/home/me/triage/work');
    expect(s.instructionsFile).toBe('/home/me/triage/notes/ai.md');
    expect(s.configFile).toBe('/home/me/triage/caf.yml');
  });

  it('resolves relative paths in the config file, and the defaults, against the source root', async () => {
    const elsewhere = fakeEnvironment({ cwd: '/home/me/triage' });
    const config = ['state-dir: .caf', 'symbols: [build/pdb]', 'work-dir: ../caf-work', 'instructions-file: docs/ai.md'].join('\n');
    const s = await buildSettings({
      origin: 'cli',
      values: { dump: 'core.1', 'source-root': '/srv/server' },
      environment: elsewhere,
      readTextFile: async (f) => (f === '/srv/server/.github/crash-autofix.yml' ? config : null),
    });
    expect(s.stateDir).toBe('/srv/server/.caf');
    expect(s.symbolCache).toBe('/srv/server/.caf/symbols');
    expect(s.symbols).toEqual(['/srv/server/build/pdb']);
    expect(s.workDir).toBe('/srv/caf-work');
    expect(s.instructionsFile).toBe('/srv/server/docs/ai.md');
    const defaults = await buildSettings({ origin: 'cli', values: { dump: 'core.1', 'source-root': '/srv/server' }, environment: elsewhere, readTextFile: async () => null });
    expect(defaults.stateDir).toBe('/srv/server/.crash-autofix');
  });

  it('returns a frozen object', async () => {
    const s = await buildSettings(input({ dump: 'core' }));
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.symbols)).toBe(true);
  });

  it('names the input, the expectation and the value on a bad number', async () => {
    await expect(buildSettings({ ...input({ dump: 'core', 'debugger-timeout': 'abc' }), origin: 'action' })).rejects.toThrow(
      `Input 'debugger-timeout' must be a whole number of seconds from 1 to 2147483 (about 24 days), got "abc"`,
    );
    await expect(buildSettings(input({ dump: 'core', 'context-lines': '-3' }))).rejects.toThrow(
      `Option '--context-lines' must be a whole number (0 or more), got "-3"`,
    );
  });

  it('does not coerce near-misses', async () => {
    await expect(buildSettings(input({ dump: 'core', 'debugger-timeout': '10s' }))).rejects.toThrow(/whole number of seconds from 1 to 2147483 \(about 24 days\), got "10s"/);
    await expect(buildSettings(input({ dump: 'core', 'debugger-timeout': '0' }))).rejects.toThrow(/whole number of seconds from 1 to 2147483 \(about 24 days\), got "0"/);
    await expect(buildSettings(input({ dump: 'core', debugger: 'lldb' }))).rejects.toThrow(`Option '--debugger' must be one of 'auto', 'gdb', 'cdb', got "lldb"`);
    await expect(buildSettings(input({ dump: 'core', json: 'yes' }))).rejects.toThrow(/true or false, got "yes"/);
  });

  it('requires exactly one of dump and from-output', async () => {
    await expect(buildSettings(input({}))).rejects.toThrow(/Option '--dump' is required/);
    await expect(buildSettings(input({ dump: 'a', 'from-output': 'b' }))).rejects.toThrow(`Option '--dump' and option '--from-output' cannot be combined; give one`);
  });

  it('reads the config file and lets explicit values win', async () => {
    const config = ['debugger-timeout: 90', 'culprit-ignore:', '  - Trinity::Assert', '  - "*CrashHandler*"', 'context-lines: 3', 'symbols: syms'].join('\n');
    const s = await buildSettings(input({ dump: 'core', 'context-lines': '5' }, { '/work/repo/.github/crash-autofix.yml': config }));
    expect(s.debuggerTimeoutMs).toBe(90_000);
    expect(s.culpritIgnore).toEqual(['Trinity::Assert', '*CrashHandler*']);
    expect(s.contextLines).toBe(5);
    expect(s.symbols).toEqual(['/work/repo/syms']);
    expect(s.configFile).toBe('/work/repo/.github/crash-autofix.yml');
  });

  it('names the config key and file on a bad config value', async () => {
    const files = { '/work/repo/.github/crash-autofix.yml': 'debugger-timeout: -5\n' };
    await expect(buildSettings(input({ dump: 'core' }, files))).rejects.toThrow(
      `Key 'debugger-timeout' in .github/crash-autofix.yml must be a whole number of seconds from 1 to 2147483 (about 24 days), got -5`,
    );
  });

  it('refuses unknown config keys and per-run keys in the config file', async () => {
    await expect(buildSettings(input({ dump: 'core' }, { '/work/repo/.github/crash-autofix.yml': 'timeout: 5\n' }))).rejects.toThrow(
      /Key 'timeout' in .github\/crash-autofix.yml is not a setting; known keys: dump-url-template, server, dump-max-bytes, dump-url-insecure, symbols/,
    );
    await expect(buildSettings(input({ dump: 'core' }, { '/work/repo/.github/crash-autofix.yml': 'dump: x\n' }))).rejects.toThrow(
      /cannot be set in the config file/,
    );
    await expect(buildSettings(input({ dump: 'core' }, { '/work/repo/.github/crash-autofix.yml': 'a: [\n' }))).rejects.toThrow(/is not valid YAML/);
  });

  it('fails when a named config file is missing but not when the default one is', async () => {
    await expect(buildSettings(input({ dump: 'core', config: 'ci/autofix.yml' }))).rejects.toThrow(/Config file \/work\/repo\/ci\/autofix.yml does not exist/);
  });

  it('takes lists from newline or comma separated inputs', async () => {
    const s = await buildSettings({ ...input({ dump: 'core', 'culprit-ignore': 'A::B\n C::D , E' }), origin: 'action' });
    expect(s.culpritIgnore).toEqual(['A::B', 'C::D', 'E']);
  });

  it('uses the workspace and runner temp folder in Actions', async () => {
    const s = await buildSettings({
      origin: 'action',
      values: { dump: 'dumps/core' },
      environment: { ...env, workspace: '/runner/_work/repo/repo', runnerTemp: '/runner/_temp' },
      readTextFile: async () => null,
    });
    expect(s.dump).toBe(path.resolve('/runner/_work/repo/repo', 'dumps/core'));
    expect(s.sourceRoot).toBe('/runner/_work/repo/repo');
    expect(s.stateDir).toBe('/runner/_temp/crash-autofix');
  });

  it('refuses CLI-only settings given as action inputs', async () => {
    await expect(buildSettings({ ...input({ dump: 'core', json: 'true' }), origin: 'action' })).rejects.toThrow(/Input 'json' cannot be set here/);
  });

  it('reads the fix-stage settings with their defaults', async () => {
    const s = await buildSettings(input({ dump: 'core' }));
    expect(s.stopAfter).toBe('fix');
    expect(s.model).toBe('claude-sonnet-5-5');
    expect(s.minConfidence).toBe(0.6);
    expect(s.allowedPaths).toEqual(['**']);
    expect(s.anthropicApiKey).toBeNull();
    const c = await buildSettings(input({ dump: 'core', 'min-confidence': '0.85', 'allowed-paths': 'src/modules/**\nsrc/game/**' }, {}, { command: 'fix' }));
    expect(c.minConfidence).toBe(0.85);
    expect(c.allowedPaths).toEqual(['src/modules/**', 'src/game/**']);
    // `analyze` does not read them: as flags they are refused (settings-commands.test.ts).
    const a = await buildSettings(input({ dump: 'core' }, {}, { command: 'analyze' }));
    expect(a.stopAfter).toBe('analyze');
  });

  it('takes the API key from the input, else the environment, and never from the config file', async () => {
    const withEnv = { ...env, anthropicApiKey: 'sk-ant-env', anthropicBaseUrl: 'http://127.0.0.1:9' };
    const fromEnv = await buildSettings({ origin: 'action', values: { dump: 'core' }, environment: withEnv, readTextFile: async () => null });
    expect(fromEnv.anthropicApiKey).toBe('sk-ant-env');
    expect(fromEnv.anthropicBaseUrl).toBe('http://127.0.0.1:9');
    const fromInput = await buildSettings({ origin: 'action', values: { dump: 'core', 'anthropic-api-key': 'sk-ant-input' }, environment: withEnv, readTextFile: async () => null });
    expect(fromInput.anthropicApiKey).toBe('sk-ant-input');
    await expect(buildSettings(input({ dump: 'core', 'anthropic-api-key': 'x' }))).rejects.toThrow(/Option '--anthropic-api-key' cannot be set here/);
    await expect(buildSettings(input({ dump: 'core' }, { '/work/repo/.github/crash-autofix.yml': 'anthropic-api-key: x\n' }))).rejects.toThrow(/cannot be set in the config file/);
  });

  it('refuses out-of-range confidence and a report for analyze', async () => {
    await expect(buildSettings(input({ dump: 'core', 'min-confidence': '1.5' }))).rejects.toThrow(`Option '--min-confidence' must be a number from 0 to 1, got "1.5"`);
    await expect(buildSettings(input({ report: 'r.json' }, {}, { command: 'analyze' }))).rejects.toThrow("Option '--report' is not read by 'analyze', only by 'fix'; drop it");
    const fix = await buildSettings(input({ report: 'r.json' }, {}, { command: 'fix' }));
    expect(fix.report).toBe('/work/repo/r.json');
  });

  it('targets GitHub only with a token and an owner/name repository', async () => {
    expect((await buildSettings(input({ dump: 'core', repository: 'o/r' }))).githubApi).toBeNull();
    const withToken = { ...env, githubToken: 'ghs_x', githubRepository: 'acme/server', githubApiUrl: 'http://127.0.0.1:1/api/v3' };
    const s = await buildSettings({ origin: 'action', values: { dump: 'core' }, environment: withToken, readTextFile: async () => null });
    expect(s.githubApi).toEqual({ token: 'ghs_x', apiUrl: 'http://127.0.0.1:1/api/v3', owner: 'acme', repo: 'server' });
    await expect(buildSettings(input({ dump: 'core', repository: 'acme' }))).rejects.toThrow(`Option '--repository' must be owner/name, got "acme"`);
  });
});

describe('buildSettings: the environment of build and test processes', () => {
  const KEY = 'sk-ant-api03-SETTINGS0123456789abcdefghijklmn';
  const TOKEN = 'ghs_SETTINGS0123456789abcdefghijklmno';
  const withSecrets = fakeEnvironment({
    anthropicApiKey: KEY,
    githubToken: TOKEN,
    githubRepository: 'acme/server',
    variables: { PATH: '/usr/bin', HOME: '/root', ANTHROPIC_API_KEY: KEY, GITHUB_TOKEN: TOKEN, INPUT_X: 'x', ACTIONS_RUNTIME_TOKEN: 'rt', SERVER_CONFIG: '/etc/ws.conf', COPY_OF_KEY: KEY },
  });

  it('is the allow-list plus pass-env, never a secret, and sandbox defaults to auto', async () => {
    const s = await buildSettings(input({ dump: 'core', 'pass-env': 'SERVER_CONFIG,COPY_OF_KEY' }, {}, { environment: withSecrets }));
    expect(s.buildEnv).toEqual({ PATH: '/usr/bin', HOME: '/root', SERVER_CONFIG: '/etc/ws.conf' });
    expect(s.sandbox).toBe('auto');
    expect(s.allowBuildFileChanges).toBe(false);
  });

  it('keeps a key given as an input out too, whatever variable holds it', async () => {
    const given = 'sk-ant-api03-GIVENASINPUT0123456789abcdefgh';
    const env = fakeEnvironment({ variables: { PATH: '/usr/bin', LEAKED: given } });
    const s = await buildSettings({ origin: 'action', values: { dump: 'core', 'anthropic-api-key': given, 'pass-env': 'LEAKED' }, environment: env, readTextFile: async () => null });
    expect(s.buildEnv).toEqual({ PATH: '/usr/bin' });
  });

  it('refuses pass-env naming a credential, and a name that is no variable name, with one line', async () => {
    await expect(buildSettings(input({ dump: 'core', 'pass-env': 'SERVER_CONFIG,ANTHROPIC_API_KEY' }))).rejects.toMatchObject({
      kind: 'config',
      message: "Option '--pass-env' must not name credentials, got \"ANTHROPIC_API_KEY\"; build and test processes never see API keys, tokens, INPUT_* or ACTIONS_* variables",
    });
    await expect(buildSettings(input({ dump: 'core', 'pass-env': ['INPUT_GITHUB-TOKEN'] }))).rejects.toMatchObject({ kind: 'config' });
    await expect(buildSettings(input({ dump: 'core', 'pass-env': 'A=B' }))).rejects.toMatchObject({ message: "Option '--pass-env' must be a list of environment variable names, got \"A=B\"" });
    await expect(buildSettings(input({ dump: 'core', sandbox: 'docker' }))).rejects.toMatchObject({ message: "Option '--sandbox' must be one of 'auto', 'bwrap', 'none', got \"docker\"" });
  });
});

describe('buildSettings: the environment of our own tools', () => {
  it('adds SSH, proxy and symbol-server variables to the allow-list, never a secret', async () => {
    const KEY = 'sk-ant-api03-TOOLSENV0123456789abcdefghijklm';
    const env = fakeEnvironment({ anthropicApiKey: KEY, variables: { PATH: '/usr/bin', HOME: '/root', SSH_AUTH_SOCK: '/run/agent', HTTPS_PROXY: 'http://proxy:3128', _NT_SYMBOL_PATH: 'srv*C:\\sym', ANTHROPIC_API_KEY: KEY, INPUT_TOKEN: 'x', SERVER_CONFIG: '/etc/ws.conf' } });
    const s = await buildSettings(input({ dump: 'core' }, {}, { environment: env }));
    expect(s.toolsEnv).toEqual({ PATH: '/usr/bin', HOME: '/root', SSH_AUTH_SOCK: '/run/agent', HTTPS_PROXY: 'http://proxy:3128', _NT_SYMBOL_PATH: 'srv*C:\\sym' });
    expect(s.buildEnv).toEqual({ PATH: '/usr/bin', HOME: '/root' });
  });
});
