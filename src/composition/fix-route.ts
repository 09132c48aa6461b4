import { readFile } from 'node:fs/promises';
import { fileExists } from '../base/fs/file-exists.js';
import path from 'node:path';
import { formatForModel, toAnnotations } from '../toolchain/diagnostics-format.js';
import { parseStoredConversation } from '../analysis/stored-conversation.js';
import type { Logger } from '../pipeline/logger.js';
import { compile } from '../stages/compile.js';
import { createFixBuilder } from './build-fix.js';
import { createReproducer } from './reproduction.js';
import { buildFailure } from '../toolchain/build-result.js';
import type { WorkspaceLease } from '../toolchain/workspace.js';
import { CrashAutofixError } from '../base/errors.js';
import { pruneStaleBranches } from '../fix/apply/branch-hygiene.js';
import { ensureWorktree } from '../fix/apply/ensure-worktree.js';
import { pathLookup } from '../toolchain/path-lookup.js';
import { workspaceFolders } from '../toolchain/workspace.js';
import { apiKeyHint } from './api-key-hint.js';
import { preflight } from './preflight.js';
import type { FileRole } from '../base/fs/fs-error.js';
import { readTextFileHead } from '../base/fs/read-text-file.js';
import type { Worktree } from '../domain/job-state.js';
import { openLowConfidenceIssue } from './low-confidence-issue.js';
import { publishDeps } from './publish-deps.js';
import { publishFix } from '../stages/publish-fix.js';
import { renderAnalysisMarkdown } from '../publish/render-analysis.js';
import type { Route } from '../pipeline/route.js';
import { analyzeRoute, type JobFiles } from './analyze-route.js';
import { gateDeps } from './gate-deps.js';
import { verifyFix } from '../stages/verify-fix.js';
import type { Settings } from '../settings/build-settings.js';
import { analyzeCrashStage } from '../stages/analyze-crash.js';
import { applyFixStage } from '../stages/apply-fix.js';
import { gateFix } from '../stages/gate-fix.js';
import { startAnalysis } from '../stages/start-analysis.js';
import type { PipelineAdapters } from './pipeline-adapters.js';

/** The stage keeps 16 Ki characters of guidance; 64 KiB of UTF-8 always holds them. */
const GUIDANCE_BYTES = 64 * 1024;
const GUIDANCE_ROLE: FileRole = { what: 'Instructions file', kind: 'config', fix: "fix the 'instructions-file' setting, or remove it to use CLAUDE.md / AGENTS.md" };

/**
 * `fix`: the analyze route, then the stages after the report: start analysis → Claude → confidence and
 * policy gate → apply in the work tree → build → gates and draft PR. The
 * workspace is locked by the first stage that touches it, until the run ends.
 */
export function fixRoute(settings: Settings, adapters: PipelineAdapters, job: JobFiles, lease: WorkspaceLease, log: Logger): Route<'fix'> {
  const { dir: jobDir, writeFile: writeJobFile } = job;
  const github = adapters.github;
  const workspace = (): ReturnType<WorkspaceLease['acquire']> => lease.acquire();
  const build = createFixBuilder(settings, adapters.cmake, adapters.codeRunner, workspace);
  const reproducer = createReproducer(settings, { build, runDir: async () => (await workspace()).runDir, runner: adapters.codeRunner, writeJobFile, jobFile: (name) => path.join(jobDir, name) });
  const ensureTree = async (worktree: Worktree): Promise<'intact' | 'restored'> => {
    await workspace();
    const outcome = await ensureWorktree(await adapters.git(), worktree);
    if (outcome === 'restored') log.info(`Another job used the work tree since this one built its fix; restored the fix in ${worktree.dir}`);
    return outcome;
  };
  return {
    ...analyzeRoute(settings, adapters, job, log),
    ANALYSIS_PENDING: {
      name: 'Prepare the analysis',
      run: (s) =>
        startAnalysis(s, {
          hasApiKey: settings.anthropicApiKey !== null,
          keyHint: apiKeyHint(settings.origin),
          sourceRoot: settings.sourceRoot,
          instructionsFile: settings.instructionsFile,
          preflight: () =>
            preflight(settings, {
              which: pathLookup(settings.toolEnv.PATH, settings.platform),
              cmake: adapters.cmake,
              ctest: adapters.ctest,
              git: adapters.git,
              buildConfigured: () => fileExists(path.join(workspaceFolders(settings.workDir).buildDir, 'CMakeCache.txt')),
            }),
        }),
    },
    ANALYZING: {
      name: 'Root-cause analysis with Claude',
      run: (s) =>
        analyzeCrashStage(s, {
          engine: adapters.engine,
          run: adapters.runEngine,
          readGuidance: (file) => readTextFileHead(file, GUIDANCE_ROLE, GUIDANCE_BYTES),
          writeJobFile,
          renderMarkdown: (analysis) => renderAnalysisMarkdown(analysis, { minConfidence: settings.minConfidence }),
          model: settings.model,
          warn: (m) => log.warning(m),
        }),
    },
    FIX_GENERATED: {
      name: 'Check the proposed fix',
      run: (s) =>
        gateFix(s, {
          minConfidence: settings.minConfidence,
          validator: adapters.validator,
          openIssue: github ? async (state) => openLowConfidenceIssue(await github(), state, settings.minConfidence, (m) => log.warning(m)) : undefined,
        }),
    },
    APPLYING_FIX: {
      name: 'Apply the fix in a work tree',
      run: (s) =>
        applyFixStage(s, {
          git: adapters.git,
          apply: adapters.applyFix,
          repoDir: settings.sourceRoot,
          worktreeDir: async () => (await workspace()).treeDir,
          policy: adapters.policy,
          writeJobFile,
          ...(reproducer ? { reproduceUnfixed: reproducer.unfixed } : {}),
          pruneBranches: async (keep) => pruneStaleBranches(await adapters.git(), keep),
          info: (m) => log.info(m),
        }),
    },
    COMPILING: {
      name: 'Build the fix',
      run: (s) =>
        compile(s, {
          ensureTree,
          build,
          revise: async (conversationFile, diagnostics) => {
            const conversation = parseStoredConversation(JSON.parse(await readFile(conversationFile, 'utf8')));
            return adapters.reviseEngine(conversation, diagnostics, { ...(await adapters.engine()), guidance: null });
          },
          formatDiagnostics: (result) => (result.diagnostics.length > 0 ? formatForModel(result.diagnostics, 16 * 1024) : result.outputTail),
          annotations: (result, worktreeDir) => toAnnotations(result.diagnostics, worktreeDir),
          annotate: (a) => {
            const where = a.file ? { file: a.file, line: a.line, title: a.title } : { title: a.title };
            if (a.severity === 'error') log.error(a.message, where);
            else log.warning(a.message, where);
          },
          maxAttempts: settings.maxFixAttempts,
          logFile: (attempt) => path.join(jobDir, `build-${attempt}.log`),
          writeJobFile,
          renderMarkdown: (analysis) => renderAnalysisMarkdown(analysis, { minConfidence: settings.minConfidence }),
          warn: (m) => log.warning(m),
        }),
    },
    TESTING: {
      name: 'Verify the fix: reproduction, tests, static analysis',
      run: (s) =>
        verifyFix(s, {
          gates: gateDeps(settings, adapters, reproducer),
          ensureBuiltTree: async (worktree) => {
            if ((await ensureTree(worktree)) === 'intact') return;
            const { result } = await build(worktree.dir, path.join(jobDir, 'build-restored.log'));
            if (!result.ok) throw new CrashAutofixError('tool-failed', `The fix, restored in the work tree, no longer builds (${buildFailure(result)}); run the job again with --fresh`);
          },
        }),
    },
    VERIFIED: github
      ? { name: 'Commit, push and open the draft pull request', run: (s, checkpoint) => publishFix(s, { ...publishDeps(settings, adapters, github, log), ensureTree }, checkpoint) }
      : { rest: 'The fix is verified. Without a GitHub token and repository there is nowhere to open the pull request, so the job rests at VERIFIED; run it again with them to publish' },
  };
}
