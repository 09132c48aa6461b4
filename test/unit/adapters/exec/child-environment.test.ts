import { describe, expect, it } from 'vitest';
import { childEnvironment, isSecretName } from '../../../../src/adapters/exec/child-environment.js';

const KEY = 'sk-ant-api03-CHILDENV0123456789abcdefghijklmnop';
const TOKEN = 'ghs_CHILDENV0123456789abcdefghijklmnop';

const RUNNER_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  LC_ALL: 'C',
  TMPDIR: '/tmp',
  CC: 'gcc',
  CCACHE_DIR: '/cache/ccache',
  ANTHROPIC_API_KEY: KEY,
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:1234',
  GITHUB_TOKEN: TOKEN,
  'INPUT_ANTHROPIC-API-KEY': KEY,
  'INPUT_GITHUB-TOKEN': TOKEN,
  ACTIONS_RUNTIME_TOKEN: 'runtime-token-value',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/x',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  GITHUB_REPOSITORY: 'acme/server',
  MY_DEPLOY_PASSWORD: 'hunter2hunter2',
  SERVER_CONFIG: '/etc/worldserver.conf',
  SNEAKY: `prefix-${KEY}`,
};

describe('childEnvironment', () => {
  it('passes the allow-list and nothing else: no key, token, INPUT_* or ACTIONS_*', () => {
    const env = childEnvironment(RUNNER_ENV, { passEnv: [], platform: 'linux', secrets: [KEY, TOKEN] });
    expect(env).toEqual({ PATH: '/usr/bin:/bin', HOME: '/home/runner', LANG: 'C.UTF-8', LC_ALL: 'C', TMPDIR: '/tmp', CC: 'gcc', CCACHE_DIR: '/cache/ccache' });
    expect(JSON.stringify(env)).not.toContain(KEY);
    expect(JSON.stringify(env)).not.toContain(TOKEN);
  });

  it('adds the names pass-env lists, but never a value that holds a secret', () => {
    const env = childEnvironment(RUNNER_ENV, { passEnv: ['SERVER_CONFIG', 'SNEAKY'], platform: 'linux', secrets: [KEY, TOKEN] });
    expect(env.SERVER_CONFIG).toBe('/etc/worldserver.conf');
    expect(env).not.toHaveProperty('SNEAKY');
    expect(env).not.toHaveProperty('MY_DEPLOY_PASSWORD');
  });

  it("keeps MSVC's developer-prompt variables and matches names case-insensitively on Windows only", () => {
    const windows = { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', INCLUDE: 'C:\\VC\\include', LIB: 'C:\\VC\\lib', VCINSTALLDIR: 'C:\\VC\\', VSCMD_ARG_TGT_ARCH: 'x64', ComSpec: 'cmd.exe', Input_Token: TOKEN };
    expect(childEnvironment(windows, { passEnv: [], platform: 'win32', secrets: [] })).toEqual({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', INCLUDE: 'C:\\VC\\include', LIB: 'C:\\VC\\lib', VCINSTALLDIR: 'C:\\VC\\', VSCMD_ARG_TGT_ARCH: 'x64', ComSpec: 'cmd.exe' });
    expect(childEnvironment({ Path: '/x', path: '/y' }, { passEnv: [], platform: 'linux', secrets: [] })).toEqual({});
  });

  it('knows which names are credentials', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'GH_TOKEN', 'INPUT_FOO', 'input_foo', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['PATH', 'SERVER_CONFIG', 'GITHUB_REPOSITORY', 'CCACHE_DIR']) expect(isSecretName(name), name).toBe(false);
  });
});
