import type { FixProposal } from '../domain/fix-proposal.js';
import type { EditValidator, GitHistory, RepoReader } from '../domain/model-tools.js';
import type { CrashReport } from '../domain/crash-report.js';
import type { Lesson } from '../domain/crash-record.js';
import type { ModelClient } from '../domain/model-client.js';
import type { Usage } from './model-usage.js';
import type { StoredConversation } from './stored-conversation.js';
import type { TranscriptEntry } from './transcript.js';

export interface EngineSettings {
  model: string;
  /** Most requests over the whole conversation (analysis and revisions). */
  maxTurns: number;
  maxOutputTokens: number;
  /** Most tokens (all input, cached or not, plus output) over the whole conversation. */
  tokenBudget: number;
  /** Refused submit_fix calls sent back for correction per analyzeCrash/reviseFix call; one more refusal gives up. */
  maxCorrections: number;
}

export interface EngineDeps {
  repo: RepoReader;
  history: GitHistory;
  validator: EditValidator;
  /** The repository's guidance (CLAUDE.md, AGENTS.md…), or null. */
  guidance: string | null;
  client: Pick<ModelClient, 'createMessage'>;
  settings: EngineSettings;
  /** Masks registered secrets; applied to everything sent or recorded. */
  redact: (text: string) => string;
}

export interface AnalyzeInput extends EngineDeps {
  report: CrashReport;
  /** Reviewers' lessons for the crash's module, bounded; the composition picks them from the crash database. */
  lessons?: readonly Lesson[];
}

export type GiveUpReason = 'max-turns' | 'budget' | 'no-fix';

interface OutcomeBase {
  conversation: StoredConversation;
  usage: Usage;
  transcript: TranscriptEntry[];
}

export type EngineOutcome =
  | (OutcomeBase & { kind: 'fix'; proposal: FixProposal; /** Model output that was taken with a correction (an unknown category). */ warnings?: string[] })
  | (OutcomeBase & { kind: 'gave-up'; reason: GiveUpReason; message: string });
