import type { CmakeClient } from '../toolchain/cmake-client.js';
import type { CtestClient } from '../toolchain/ctest-client.js';
import type { GitHubClient } from '../adapters/github/github-client.js';
import type { Confinement } from '../adapters/exec/confined-runner.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { StoredConversation } from '../analysis/stored-conversation.js';
import type { AppliedFix, ApplyFixInput } from '../fix/apply/apply-edits.js';
import type { FixPolicy } from '../fix/policy/fix-policy.js';
import type { EditValidator } from '../domain/model-tools.js';
import type { GitClient } from '../adapters/git/git-client.js';
import type { AnalyzeInput, EngineDeps, EngineOutcome } from '../analysis/engine-types.js';
import type { CrashDatabase } from '../domain/crash-record.js';
import type { IdentifyDeps } from '../stages/identify-input.js';
import type { ParseDeps } from '../stages/parse-dump.js';

/** Everything the pipeline's stages reach the outside world through. */
export interface PipelineAdapters {
  identifyDump: IdentifyDeps['identifyDump'];
  debugger: ParseDeps['debugger'];
  parseText: ParseDeps['parseText'];
  repository: ParseDeps['repository'];
  readMinidumpNatively: NonNullable<ParseDeps['readMinidumpNatively']>;
  /** Model client and read-only repository tools; created on first use. */
  engine: () => Promise<Omit<EngineDeps, 'guidance'>>;
  runEngine: (input: AnalyzeInput) => Promise<EngineOutcome>;
  /** The crash database, read for the reviewers' lessons of a crash (crash-lessons.ts); absent or null (`crash-db: off`): no lessons. */
  crashDatabase?: () => Promise<Pick<CrashDatabase, 'list'> | null>;
  validator: EditValidator;
  policy: FixPolicy;
  git: () => Promise<GitClient>;
  applyFix: (input: ApplyFixInput) => Promise<AppliedFix>;
  cmake: () => Promise<CmakeClient>;
  ctest: () => Promise<CtestClient>;
  /** Null when no token or repository is configured: nothing is sent to GitHub. */
  github: (() => Promise<GitHubClient>) | null;
  /** Our own tools (git, debuggers): the inherited environment. */
  runner: ProcessRunner;
  /** Whatever builds or runs repository code: the allow-listed environment, sandboxed where possible. */
  codeRunner: ProcessRunner;
  /** How codeRunner isolates, for the gates record. */
  isolation: () => Promise<Confinement>;
  reviseEngine: (conversation: StoredConversation, diagnostics: string, deps: EngineDeps) => Promise<EngineOutcome>;
  now: () => Date;
}
