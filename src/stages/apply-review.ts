import { StageError, asStageError } from '../base/errors.js';
import type { EngineDeps, EngineOutcome } from '../analysis/engine-types.js';
import { reviewText, type ReviewInput } from '../analysis/review-text.js';
import type { StoredConversation } from '../analysis/stored-conversation.js';
import type { AnalysisRecord, RevisionRequest, StateOf } from '../domain/job-state.js';

export interface ApplyReviewDeps {
  /** What the reviewer asked for, and which review or comment it was. */
  request: { input: ReviewInput; asked: RevisionRequest };
  /** Model client and repository tools, built on first use. */
  engine: () => Promise<Omit<EngineDeps, 'guidance'>>;
  loadConversation: (file: string) => Promise<StoredConversation>;
  /** Sends the review to the model on the stored conversation; returns its revised fix. */
  revise: (conversation: StoredConversation, reviewText: string, engine: EngineDeps) => Promise<EngineOutcome>;
  writeJobFile: (name: string, content: string) => Promise<string>;
  renderMarkdown: (analysis: AnalysisRecord) => string;
  warn: (message: string) => void;
}

const STAGE = 'revise';

/**
 * PR_CREATED | AWAITING_APPROVAL → FIX_GENERATED: a reviewer asked for
 * changes. The review goes to Claude on the stored conversation; its revised
 * fix is a new analysis attempt that goes through the policy gate, the work
 * tree, the build and every other gate like any fix, and is then pushed as a
 * new commit on the same branch. The pull request, gates and publication of
 * the old fix stay behind: the new fix earns its own.
 */
export async function applyReview(state: StateOf<'PR_CREATED'> | StateOf<'AWAITING_APPROVAL'>, deps: ApplyReviewDeps): Promise<StateOf<'FIX_GENERATED'>> {
  let outcome: EngineOutcome;
  try {
    const conversation = await deps.loadConversation(state.analysis.files.conversation);
    // The stored system prompt already holds the repository guidance.
    outcome = await deps.revise(conversation, reviewText(deps.request.input), { ...(await deps.engine()), guidance: null });
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const next = state.analysis.attempt + 1;
  const transcript = await deps.writeJobFile(`transcript-${next}.json`, JSON.stringify(outcome.transcript, null, 2));
  const conversation = await deps.writeJobFile('conversation.json', JSON.stringify(outcome.conversation));
  if (outcome.kind === 'gave-up') {
    throw new StageError(STAGE, 'model', `Claude gave no revised fix for the review (${outcome.reason}): ${outcome.message}; the pull request keeps its last fix`, false);
  }
  for (const warning of outcome.warnings ?? []) deps.warn(warning);
  const analysis: AnalysisRecord = { ...state.analysis, attempt: next, proposal: outcome.proposal, usage: outcome.usage, files: { ...state.analysis.files, transcript, conversation } };
  analysis.files.json = await deps.writeJobFile('analysis.json', JSON.stringify({ model: analysis.model, attempt: next, ...outcome.proposal, usage: outcome.usage }, null, 2));
  analysis.files.markdown = await deps.writeJobFile('analysis.md', deps.renderMarkdown(analysis));
  // Built field by field: the old fix's work tree, build, gates, publication and pull request must not ride along.
  return {
    status: 'FIX_GENERATED',
    dump: state.dump,
    report: state.report,
    files: state.files,
    ...(state.unfixedRun ? { unfixedRun: state.unfixedRun } : {}),
    revision: { count: (state.revision?.count ?? 0) + 1, request: deps.request.asked, attempt: next },
    analysis,
  };
}
