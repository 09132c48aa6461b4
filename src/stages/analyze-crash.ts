import { StageError, asStageError } from '../base/errors.js';
import type { EngineDeps, EngineOutcome } from '../analysis/engine-types.js';
import type { StoredConversation } from '../analysis/stored-conversation.js';
import type { AnalysisRecord, StateOf } from '../domain/job-state.js';
import type { CrashReport } from '../domain/crash-report.js';
import type { Lesson } from '../domain/crash-record.js';

export interface AnalyzeCrashDeps {
  /** Built on first use, so a job that never reaches this stage needs no key. */
  engine: () => Promise<Omit<EngineDeps, 'guidance'>>;
  run: (input: EngineDeps & { report: CrashReport; lessons?: readonly Lesson[] }) => Promise<EngineOutcome>;
  /** Reviewers' lessons for this crash's module and signature, bounded (none without a crash database). */
  lessons?: (report: CrashReport) => Promise<readonly Lesson[]>;
  readGuidance: (file: string) => Promise<string>;
  /** Writes a file into the job folder; returns its path. */
  writeJobFile: (name: string, content: string) => Promise<string>;
  renderMarkdown: (analysis: AnalysisRecord) => string;
  model: string;
  warn?: (message: string) => void;
}

const STAGE = 'analyze';
/** Repository guidance beyond this is cut, with a note; the engine bounds it again. */
const MAX_GUIDANCE = 16 * 1024;

/** ANALYZING → FIX_GENERATED: Claude investigates the repository and proposes a fix. */
export async function analyzeCrashStage(state: StateOf<'ANALYZING'>, deps: AnalyzeCrashDeps): Promise<StateOf<'FIX_GENERATED'>> {
  const guidance = state.guidanceFile === null ? null : (await deps.readGuidance(state.guidanceFile)).slice(0, MAX_GUIDANCE);
  let outcome: EngineOutcome;
  let lessons: readonly Lesson[];
  try {
    lessons = (await deps.lessons?.(state.report)) ?? [];
    const engine = await deps.engine();
    outcome = await deps.run({ ...engine, guidance, report: state.report, lessons });
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const transcript = await deps.writeJobFile('transcript.json', JSON.stringify(outcome.transcript, null, 2));
  const conversation = await deps.writeJobFile('conversation.json', JSON.stringify(outcome.conversation satisfies StoredConversation));
  if (outcome.kind === 'gave-up') {
    const hint =
      outcome.reason === 'budget' ? "raise 'token-budget'" : outcome.reason === 'max-turns' ? "raise 'max-turns'" : `see the transcript, ${transcript}`;
    throw new StageError(STAGE, 'model', `Claude gave no usable fix (${outcome.reason}): ${outcome.message}; ${hint}`, false);
  }
  for (const warning of outcome.warnings ?? []) deps.warn?.(warning);
  const record: AnalysisRecord = {
    model: deps.model,
    attempt: 1,
    proposal: outcome.proposal,
    usage: outcome.usage,
    files: { transcript, conversation, json: '', markdown: '' },
    ...(lessons.length > 0 ? { lessons: [...lessons] } : {}),
  };
  record.files.json = await deps.writeJobFile('analysis.json', JSON.stringify({ model: record.model, ...outcome.proposal, usage: outcome.usage }, null, 2));
  record.files.markdown = await deps.writeJobFile('analysis.md', deps.renderMarkdown(record));
  const { status: _from, guidanceFile: _guidance, ...reported } = state;
  return { ...reported, status: 'FIX_GENERATED', analysis: record };
}
