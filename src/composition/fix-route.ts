import path from 'node:path';
import { loadConversation } from '../analysis/stored-conversation.js';
import { readGuidance } from '../analysis/read-guidance.js';
import type { AnalysisRecord } from '../domain/job-state.js';
import type { SeenCrashes } from '../domain/seen-crashes.js';
import { pruneStaleBranches } from '../fix/apply/branch-hygiene.js';
import type { Logger } from '../pipeline/logger.js';
import type { Route } from '../pipeline/route.js';
import { openLowConfidenceIssue } from '../publish/low-confidence-issue.js';
import { renderAnalysisMarkdown } from '../publish/render-analysis.js';
import type { Settings } from '../settings/build-settings.js';
import { analyzeCrashStage } from '../stages/analyze-crash.js';
import { applyFixStage } from '../stages/apply-fix.js';
import { checkSeen } from '../stages/check-seen.js';
import { compile } from '../stages/compile.js';
import { gateFix } from '../stages/gate-fix.js';
import { publishFix } from '../stages/publish-fix.js';
import { startAnalysis } from '../stages/start-analysis.js';
import { verifyFix } from '../stages/verify-fix.js';
import { workTreeGuard } from '../stages/work-tree-guard.js';
import type { WorkspaceLease } from '../toolchain/workspace.js';
import { analyzeRoute, type JobFiles } from './analyze-route.js';
import { apiKeyHint } from './api-key-hint.js';
import { lessonsFromDatabase } from './crash-lessons.js';
import { fixToolchain } from './fix-toolchain.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import { publishDeps } from './publish-deps.js';

/**
 * `fix`: the analyze route, then the stages after the report: start analysis → Claude → confidence and
 * policy gate → apply in the work tree → build → gates and draft PR. The
 * workspace is locked by the first stage that touches it, until the run ends.
 */
export function fixRoute(settings: Settings, adapters: PipelineAdapters, job: JobFiles, lease: WorkspaceLease, seen: Pick<SeenCrashes, 'bySignature'>, log: Logger): Route<'fix'> {
  const github = adapters.github;
  const workspace = (): ReturnType<WorkspaceLease['acquire']> => lease.acquire();
  const tools = fixToolchain(settings, adapters, workspace, job);
  const tree = workTreeGuard({ lock: workspace, git: adapters.git, builder: tools.builder, jobDir: job.dir, info: (m) => log.info(m) });
  const renderMarkdown = (analysis: AnalysisRecord): string => renderAnalysisMarkdown(analysis, { minConfidence: settings.minConfidence });
  const warn = (m: string): void => log.warning(m);
  return {
    ...analyzeRoute(settings, adapters, job, log),
    ANALYSIS_PENDING: {
      name: 'Prepare the analysis',
      // A crash that already went somewhere ends here, as a DUPLICATE.
      run: async (s) =>
        (await checkSeen(s, { seen, jobId: job.id, fresh: settings.fresh, info: (m) => log.info(m) })) ??
        startAnalysis(s, {
          hasApiKey: settings.anthropicApiKey !== null,
          keyHint: apiKeyHint(settings.origin),
          sourceRoot: settings.sourceRoot,
          instructionsFile: settings.instructionsFile,
          preflight: tools.preflight,
        }),
    },
    ANALYZING: {
      name: 'Root-cause analysis with Claude',
      run: (s) =>
        analyzeCrashStage(s, {
          engine: adapters.engine,
          run: adapters.runEngine,
          ...(adapters.crashDatabase ? { lessons: lessonsFromDatabase(adapters.crashDatabase, warn) } : {}),
          readGuidance,
          writeJobFile: job.writeFile,
          renderMarkdown,
          model: settings.model,
          warn,
        }),
    },
    FIX_GENERATED: {
      name: 'Check the proposed fix',
      run: (s) =>
        gateFix(s, {
          minConfidence: settings.minConfidence,
          validator: adapters.validator,
          openIssue: github ? async (state) => openLowConfidenceIssue(await github(), state, settings.minConfidence, warn) : undefined,
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
          writeJobFile: job.writeFile,
          ...(tools.reproducer ? { reproduceUnfixed: tools.reproducer.unfixed } : {}),
          pruneBranches: async (keep) => pruneStaleBranches(await adapters.git(), keep),
          info: (m) => log.info(m),
        }),
    },
    COMPILING: {
      name: 'Build the fix',
      run: (s) =>
        compile(s, {
          ensureTree: tree.ensure,
          builder: tools.builder,
          engine: adapters.engine,
          loadConversation,
          revise: adapters.reviseEngine,
          log,
          maxAttempts: settings.maxFixAttempts,
          logFile: (attempt) => path.join(job.dir, `build-${attempt}.log`),
          writeJobFile: job.writeFile,
          renderMarkdown,
        }),
    },
    TESTING: {
      name: 'Verify the fix: reproduction, tests, static analysis',
      run: (s) =>
        verifyFix(s, {
          ensureBuiltTree: tree.ensureBuilt,
          gates: { tests: tools.tests, analyzer: tools.analyzer, reproducer: tools.reproducer, testsBlock: settings.testsBlock, isolation: adapters.isolation },
        }),
    },
    VERIFIED: github
      ? { name: 'Commit, push and open the draft pull request', run: (s, checkpoint) => publishFix(s, { ...publishDeps(settings, adapters, github, log), ensureTree: tree.ensure, jobId: job.id }, checkpoint) }
      : { rest: 'The fix is verified. Without a GitHub token and repository there is nowhere to open the pull request, so the job rests at VERIFIED; run it again with them to publish' },
  };
}
