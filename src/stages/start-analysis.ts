import { fileExists } from '../base/fs/file-exists.js';
import path from 'node:path';
import { StageError, asStageError } from '../base/errors.js';
import type { StateOf } from '../domain/job-state.js';

export interface StartAnalysisDeps {
  hasApiKey: boolean;
  /** Where a key would come from, for the line that says it is missing: the action's input, the CLI's environment variable. */
  keyHint: string;
  sourceRoot: string;
  /** The `instructions-file` setting (absolute), or null to look for CLAUDE.md / AGENTS.md. */
  instructionsFile: string | null;
  exists?: (file: string) => Promise<boolean>;
  /** What must hold before the paid model call (tools installed, a clean checkout); throws one clear line. */
  preflight?: () => Promise<void>;
}

const GUIDANCE_FILES = ['CLAUDE.md', 'AGENTS.md'];

/**
 * ANALYSIS_PENDING → ANALYZING, or ANALYSIS_SKIPPED when there is no API key.
 * A fix that could never be built or tested fails here, before the model is paid.
 */
export async function startAnalysis(
  state: StateOf<'ANALYSIS_PENDING'>,
  deps: StartAnalysisDeps,
): Promise<StateOf<'ANALYZING'> | StateOf<'ANALYSIS_SKIPPED'>> {
  const { status, ...reported } = state;
  if (!deps.hasApiKey) {
    return {
      ...reported,
      status: 'ANALYSIS_SKIPPED',
      reason: `No Anthropic API key: set ${deps.keyHint} to get a root-cause analysis and a fix; the crash report was written`,
    };
  }
  try {
    await deps.preflight?.();
  } catch (e) {
    throw asStageError('start-analysis', e);
  }
  const exists = deps.exists ?? fileExists;
  let guidanceFile: string | null = null;
  if (deps.instructionsFile !== null) {
    if (!(await exists(deps.instructionsFile))) {
      throw new StageError('start-analysis', 'config', `instructions-file ${deps.instructionsFile} does not exist; fix the setting or remove it to use CLAUDE.md / AGENTS.md`, false);
    }
    guidanceFile = deps.instructionsFile;
  } else {
    for (const name of GUIDANCE_FILES) {
      const candidate = path.join(deps.sourceRoot, name);
      if (await exists(candidate)) {
        guidanceFile = candidate;
        break;
      }
    }
  }
  return { ...reported, status: 'ANALYZING', guidanceFile };
}
