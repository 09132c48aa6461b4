import path from 'node:path';
import { applyFixInWorktree } from '../fix/apply/apply-edits.js';
import { createEditValidator } from '../fix/apply/edit-validator.js';
import { fixPolicy } from '../fix/policy/fix-policy.js';
import { createRepoHistory } from '../fix/repo/repo-history.js';
import { createRepoReader } from '../fix/repo/repo-reader.js';
import { ExecGitClient } from '../adapters/git/exec-git-client.js';
import { gitFileLister } from '../adapters/git/git-file-lister.js';
import { AnthropicModelClient } from '../adapters/anthropic/anthropic-model-client.js';
import { analyzeCrash, reviseFix } from '../analysis/engine.js';
import { ExecCmakeClient } from '../toolchain/cmake-client.js';
import { ExecCtestClient } from '../toolchain/ctest-client.js';
import { OctokitGitHubClient } from '../adapters/github/octokit-github-client.js';
import { pathLookup } from '../toolchain/path-lookup.js';
import type { EngineDeps } from '../analysis/engine-types.js';
import { identifyDump } from '../adapters/dump-file/identify-dump.js';
import { CrashAutofixError } from '../base/errors.js';
import { NodeProcessRunner, type ProcessRunner } from '../adapters/exec/process-runner.js';
import { createSourceReader, listRepositoryFiles } from '../triage/repo-files.js';
import type { Settings } from '../settings/build-settings.js';
import { createDebuggers } from './create-debuggers.js';
import { nativeMinidumpReader } from './native-reader.js';
import { parseDebuggerText } from './parse-debugger-text.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import { once } from '../base/once.js';
import { createCodeRunner } from './code-runner.js';
import { repositoryScripts } from './repository-scripts.js';
import { apiKeyHint } from './api-key-hint.js';
import { openCrashDatabase } from './crash-database.js';

/** Refused fixes sent back to the model for correction before it gives up. */
const MAX_CORRECTIONS = 2;
const MODEL_RETRIES = 4;

/** Builds the real adapters; tools are created (and version-checked) on first use. */
export function createAdapters(settings: Settings, redact: (text: string) => string, runner: ProcessRunner = new NodeProcessRunner(settings.toolsEnv)): PipelineAdapters {
  const policy = fixPolicy({
    allowedPaths: [...settings.allowedPaths],
    corePaths: [...settings.corePaths],
    allowCoreChanges: settings.allowCoreChanges,
    protectedPaths: [...settings.protectedPaths],
    allowBuildFileChanges: settings.allowBuildFileChanges,
    buildScripts: repositoryScripts(settings),
  });
  const confined = once(() => createCodeRunner(settings, runner));
  const codeRunner: ProcessRunner = { run: async (command, args, options) => (await confined()).run(command, args, options) };
  const validator = createEditValidator(policy, settings.sourceRoot);
  const target = settings.githubApi;
  const git = once(() => ExecGitClient.create({ runner, repoDir: settings.sourceRoot }));
  const listGitFiles = gitFileLister(runner);
  const engine = once(async (): Promise<Omit<EngineDeps, 'guidance'>> => {
    if (settings.anthropicApiKey === null) throw new CrashAutofixError('config', `No Anthropic API key; set ${apiKeyHint(settings.origin)}`);
    const client = await AnthropicModelClient.create({
      apiKey: settings.anthropicApiKey,
      baseURL: settings.anthropicBaseUrl ?? undefined,
      timeoutMs: settings.requestTimeoutMs,
      maxRetries: MODEL_RETRIES,
    });
    return {
      repo: createRepoReader(settings.sourceRoot, {}, listGitFiles),
      history: createRepoHistory(await git()),
      validator,
      client,
      settings: { model: settings.model, maxTurns: settings.maxTurns, maxOutputTokens: settings.maxOutputTokens, tokenBudget: settings.tokenBudget, maxCorrections: MAX_CORRECTIONS },
      redact,
    };
  });
  return {
    identifyDump,
    debugger: createDebuggers(settings, runner, path.join(settings.stateDir, 'tool-probes.json')),
    parseText: parseDebuggerText,
    repository: {
      listFiles: async () => (await listRepositoryFiles(settings.sourceRoot, { listGitFiles })).files,
      readSource: createSourceReader(settings.sourceRoot),
    },
    readMinidumpNatively: nativeMinidumpReader(runner),
    engine,
    runEngine: analyzeCrash,
    validator,
    policy,
    git: git,
    applyFix: applyFixInWorktree,
    cmake: once(() => ExecCmakeClient.create({ cmakePath: settings.cmakePath ?? undefined, runner: codeRunner, which: pathLookup(settings.toolEnv.PATH, settings.platform) })),
    ctest: once(() => ExecCtestClient.create({ ctestPath: undefined, runner: codeRunner })),
    runner,
    codeRunner,
    isolation: async () => (await confined()).confinement,
    reviseEngine: reviseFix,
    crashDatabase: () => openCrashDatabase(settings),
    github: target ? once(() => OctokitGitHubClient.create({ token: target.token, baseUrl: target.apiUrl, owner: target.owner, repo: target.repo })) : null,
    now: () => new Date(),
  };
}
