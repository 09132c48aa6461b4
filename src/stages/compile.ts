import { StageError, asStageError } from '../base/errors.js';
import { buildFailure, type BuildResult } from '../toolchain/build-result.js';
import { annotate, formatForModel, toAnnotations, type AnnotationSink } from '../toolchain/diagnostics-format.js';
import type { BuiltTree, FixBuilder } from '../toolchain/fix-builder.js';
import type { EngineDeps, EngineOutcome } from '../analysis/engine-types.js';
import type { StoredConversation } from '../analysis/stored-conversation.js';
import type { AnalysisRecord, StateOf } from '../domain/job-state.js';

export interface CompileDeps {
  /** Locks the workspace and makes sure the work tree holds this job's fix (a resumed job may find another's). */
  ensureTree: (worktree: StateOf<'COMPILING'>['worktree']) => Promise<unknown>;
  /** Configures when needed and builds the work tree. */
  builder: Pick<FixBuilder, 'build' | 'describe'>;
  /** Model client and repository tools, built on first use. */
  engine: () => Promise<Omit<EngineDeps, 'guidance'>>;
  /** Reads the conversation the analysis saved. */
  loadConversation: (file: string) => Promise<StoredConversation>;
  /** Sends the diagnostics to the model on that conversation; returns its corrected fix. */
  revise: (conversation: StoredConversation, diagnostics: string, engine: EngineDeps) => Promise<EngineOutcome>;
  /** Gets every diagnostic as an annotation, and the warnings of a corrected fix. */
  log: AnnotationSink;
  maxAttempts: number;
  logFile: (attempt: number) => string;
  writeJobFile: (name: string, content: string) => Promise<string>;
  renderMarkdown: (analysis: AnalysisRecord) => string;
}

const STAGE = 'compile';
/** What the model gets of the compiler's diagnostics; the engine bounds it again. */
const MODEL_DIAGNOSTICS_BYTES = 16 * 1024;

/**
 * COMPILING → TESTING when the fix builds. When it does not, the compiler's
 * errors go back to Claude on the same conversation and its corrected fix
 * becomes a new FIX_GENERATED (checked and applied again), up to
 * `max-fix-attempts` fixes; then FAILED.
 */
export async function compile(state: StateOf<'COMPILING'>, deps: CompileDeps): Promise<StateOf<'TESTING'> | StateOf<'FIX_GENERATED'>> {
  const attempt = state.analysis.attempt;
  const logFile = deps.logFile(attempt);
  let built: BuiltTree;
  try {
    await deps.ensureTree(state.worktree);
    built = await deps.builder.build(state.worktree.dir, logFile);
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const { result, buildDir } = built;
  for (const annotation of toAnnotations(result.diagnostics, state.worktree.dir)) annotate(deps.log, annotation);
  const { status: _from, ...rest } = state;
  if (result.ok) {
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
    const identity = { baseCommit: state.worktree.baseCommit, diffSha256: state.worktree.diffSha256, builder: deps.builder.describe() };
    return { ...rest, status: 'TESTING', build: { buildDir, identity, logFile: result.logFile ?? logFile, durationMs: result.durationMs, warnings } };
  }
  const where = buildFailure(result);
  if (result.timedOut) {
    throw new StageError(STAGE, 'timeout', `The build did not finish within 'build-timeout' (fix attempt ${attempt}); raise it. Build log: ${logFile}`, true);
  }
  // A revision a reviewer asked for gets its own 'max-fix-attempts'.
  const tries = attempt - (state.revision?.attempt ?? 1) + 1;
  if (tries >= deps.maxAttempts) {
    throw new StageError(STAGE, 'tool-failed', `The fix does not compile after ${tries} attempt(s) (${where}); build log: ${logFile}. Raise 'max-fix-attempts' or fix it by hand`, false);
  }
  let outcome: EngineOutcome;
  try {
    const conversation = await deps.loadConversation(state.analysis.files.conversation);
    // The stored system prompt already holds the repository guidance.
    outcome = await deps.revise(conversation, forModel(result), { ...(await deps.engine()), guidance: null });
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const next = attempt + 1;
  const transcript = await deps.writeJobFile(`transcript-${next}.json`, JSON.stringify(outcome.transcript, null, 2));
  const conversation = await deps.writeJobFile('conversation.json', JSON.stringify(outcome.conversation));
  if (outcome.kind === 'gave-up') {
    throw new StageError(STAGE, 'model', `The fix does not compile (${where}) and Claude gave no corrected fix (${outcome.reason}): ${outcome.message}`, false);
  }
  for (const warning of outcome.warnings ?? []) deps.log.warning(warning);
  const analysis: AnalysisRecord = {
    ...state.analysis,
    attempt: next,
    proposal: outcome.proposal,
    usage: outcome.usage,
    files: { ...state.analysis.files, transcript, conversation },
  };
  analysis.files.json = await deps.writeJobFile('analysis.json', JSON.stringify({ model: analysis.model, attempt: next, ...outcome.proposal, usage: outcome.usage }, null, 2));
  analysis.files.markdown = await deps.writeJobFile('analysis.md', deps.renderMarkdown(analysis));
  const { worktree: _worktree, ...withoutTree } = rest;
  return { ...withoutTree, status: 'FIX_GENERATED', analysis };
}

/** The parsed diagnostics, or the end of the output when the compiler said nothing we could parse (a linker, a script). */
function forModel(result: BuildResult): string {
  return result.diagnostics.length > 0 ? formatForModel(result.diagnostics, MODEL_DIAGNOSTICS_BYTES) : result.outputTail;
}
