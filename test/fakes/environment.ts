import type { Environment } from '../../src/settings/environment.js';

/** A captured environment for settings tests: a Linux runner in /work/repo with nothing configured. */
export function fakeEnvironment(overrides: Partial<Environment> = {}): Environment {
  return {
    cwd: '/work/repo',
    platform: 'linux',
    home: '/root',
    toolEnv: { PATH: '/usr/bin' },
    variables: { PATH: '/usr/bin', HOME: '/root' },
    github: null,
    runnerTemp: null,
    workspace: null,
    anthropicApiKey: null,
    anthropicBaseUrl: null,
    githubToken: null,
    githubApiUrl: 'https://api.github.com',
    githubRepository: null,
    githubActor: null,
    dumpUrlHeader: null,
    ...overrides,
  };
}
