/**
 * The one place that reads the process environment. Entry points capture it
 * once and hand it to buildSettings; nothing else looks at process.env.
 */
export interface Environment {
  cwd: string;
  platform: NodeJS.Platform;
  home: string | null;
  /** Variables that tools need to be found (PATH, ProgramFiles…). */
  toolEnv: Record<string, string | undefined>;
  /** Every variable, for the allow-listed environment of build and test processes (child-environment.ts). */
  variables: Readonly<Record<string, string | undefined>>;
  github: GithubContext | null;
  runnerTemp: string | null;
  workspace: string | null;
  anthropicApiKey: string | null;
  anthropicBaseUrl: string | null;
  githubToken: string | null;
  githubApiUrl: string;
  githubRepository: string | null;
  /** `GITHUB_ACTOR`: who started the workflow run (the reviewer, for `revise`); null outside Actions unless set. */
  githubActor: string | null;
  /** `Name: value` for fetching `dump-url`, a secret. */
  dumpUrlHeader: string | null;
}

export interface GithubContext {
  serverUrl: string;
  repository: string | null;
  runId: string | null;
  runAttempt: string | null;
  workflow: string | null;
  sha: string | null;
  /** `repository_dispatch`, `workflow_dispatch`, … and the event's JSON file. */
  eventName: string | null;
  eventPath: string | null;
}

const TOOL_VARS = ['PATH', 'Path', 'PATHEXT', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432', 'SystemRoot', 'TEMP', 'TMP', 'HOME', 'USERPROFILE', 'CXX'];

export function captureEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Environment {
  const toolEnv: Record<string, string | undefined> = {};
  for (const name of TOOL_VARS) if (env[name] !== undefined) toolEnv[name] = env[name];
  const inActions = env.GITHUB_ACTIONS === 'true';
  return {
    cwd,
    platform: process.platform,
    home: env.HOME ?? env.USERPROFILE ?? null,
    toolEnv,
    variables: Object.freeze({ ...env }),
    runnerTemp: env.RUNNER_TEMP || null,
    anthropicApiKey: env.ANTHROPIC_API_KEY?.trim() || null,
    anthropicBaseUrl: env.ANTHROPIC_BASE_URL?.trim() || null,
    githubToken: env.GITHUB_TOKEN?.trim() || null,
    githubApiUrl: env.GITHUB_API_URL?.trim() || 'https://api.github.com',
    githubRepository: env.GITHUB_REPOSITORY?.trim() || null,
    githubActor: env.GITHUB_ACTOR?.trim() || null,
    dumpUrlHeader: env.DUMP_URL_HEADER?.trim() || null,
    workspace: env.GITHUB_WORKSPACE || null,
    github: inActions
      ? {
          serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
          repository: env.GITHUB_REPOSITORY || null,
          runId: env.GITHUB_RUN_ID || null,
          runAttempt: env.GITHUB_RUN_ATTEMPT || null,
          workflow: env.GITHUB_WORKFLOW || null,
          sha: env.GITHUB_SHA || null,
          eventName: env.GITHUB_EVENT_NAME || null,
          eventPath: env.GITHUB_EVENT_PATH || null,
        }
      : null,
  };
}
