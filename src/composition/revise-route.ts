import { reviseFromReview } from '../analysis/engine.js';
import { loadConversation } from '../analysis/stored-conversation.js';
import { StageError } from '../base/errors.js';
import type { AnalysisRecord, RevisionRequest, StateOf } from '../domain/job-state.js';
import type { ReviewInput } from '../analysis/review-text.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import type { Logger } from '../pipeline/logger.js';
import type { Route } from '../pipeline/route.js';
import { renderAnalysisMarkdown } from '../publish/render-analysis.js';
import type { Settings } from '../settings/build-settings.js';
import { applyReview, type ApplyReviewDeps } from '../stages/apply-review.js';
import { gateFix } from '../stages/gate-fix.js';
import type { WorkspaceLease } from '../toolchain/workspace.js';
import type { JobFiles } from './analyze-route.js';
import { fixRoute } from './fix-route.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import { createSeenCrashes } from './seen-crashes.js';

export interface ReviseRequest {
  input: ReviewInput;
  asked: RevisionRequest;
}

/**
 * `revise`: the review goes to Claude (PR_CREATED or AWAITING_APPROVAL →
 * FIX_GENERATED), then the fix route's own stages from the policy gate to
 * the push, so a revised fix is checked, built, tested and published exactly
 * like the first. Only a revision that is not sure enough differs: it fails
 * and leaves the pull request as it was, instead of opening an issue.
 */
export function reviseRoute(
  settings: Settings,
  adapters: PipelineAdapters,
  job: JobFiles,
  lease: WorkspaceLease,
  log: Logger,
  request: ReviseRequest,
  revise: ApplyReviewDeps['revise'] = reviseFromReview,
): Route<'revise'> {
  const fix = fixRoute(settings, adapters, job, lease, createSeenCrashes(new FolderJobStore(settings.stateDir), null), log);
  const deps: ApplyReviewDeps = {
    request,
    engine: adapters.engine,
    loadConversation,
    revise,
    writeJobFile: job.writeFile,
    renderMarkdown: (analysis: AnalysisRecord) => renderAnalysisMarkdown(analysis, { minConfidence: settings.minConfidence }),
    warn: (m) => log.warning(m),
  };
  const name = `Revise the fix for @${request.asked.author}'s ${request.asked.kind}`;
  return {
    PR_CREATED: { name, run: (s) => applyReview(s, deps) },
    AWAITING_APPROVAL: { name, run: (s) => applyReview(s, deps) },
    FIX_GENERATED: { name: 'Check the revised fix', run: async (s) => notUnsure(await gateFix(s, { minConfidence: settings.minConfidence, validator: adapters.validator }), settings.minConfidence) },
    APPLYING_FIX: fix.APPLYING_FIX,
    COMPILING: fix.COMPILING,
    TESTING: fix.TESTING,
    VERIFIED: fix.VERIFIED,
  };
}

function notUnsure(next: StateOf<'APPLYING_FIX'> | StateOf<'LOW_CONFIDENCE'>, minConfidence: number): StateOf<'APPLYING_FIX'> {
  if (next.status === 'APPLYING_FIX') return next;
  const confidence = next.analysis.proposal.root_cause.confidence.toFixed(2);
  throw new StageError('gate', 'model', `Claude's revised fix has confidence ${confidence}, below 'min-confidence' ${minConfidence}; nothing was pushed, the pull request keeps its last fix`, false);
}
