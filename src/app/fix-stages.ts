import { readFile } from 'node:fs/promises';
import { renderAnalysisMarkdown } from '../fix/render-analysis.js';
import type { StageTable } from '../pipeline/runner.js';
import type { Settings } from '../settings/build-settings.js';
import { analyzeCrashStage } from '../stages/analyze-crash.js';
import { applyFixStage } from '../stages/apply-fix.js';
import { gateFix } from '../stages/gate-fix.js';
import { startAnalysis } from '../stages/start-analysis.js';
import type { PipelineAdapters } from './pipeline-adapters.js';

/** The stages after the report: start analysis → Claude → confidence and policy gate → apply in a work tree. */
export function fixStages(settings: Settings, adapters: PipelineAdapters, writeJobFile: (name: string, content: string) => Promise<string>, jobId: string): StageTable {
  return {
    ANALYSIS_PENDING: {
      name: 'Prepare the analysis',
      run: (s) => startAnalysis(s, { hasApiKey: settings.anthropicApiKey !== null, sourceRoot: settings.sourceRoot, instructionsFile: settings.instructionsFile }),
    },
    ANALYZING: {
      name: 'Root-cause analysis with Claude',
      run: (s) =>
        analyzeCrashStage(s, {
          engine: adapters.engine,
          run: adapters.runEngine,
          readGuidance: (file) => readFile(file, 'utf8'),
          writeJobFile,
          renderMarkdown: (analysis) => renderAnalysisMarkdown(analysis, { minConfidence: settings.minConfidence }),
          model: settings.model,
        }),
    },
    FIX_GENERATED: {
      name: 'Check the proposed fix',
      run: (s) => gateFix(s, { minConfidence: settings.minConfidence, validator: adapters.validator }),
    },
    APPLYING_FIX: {
      name: 'Apply the fix in a work tree',
      run: (s) =>
        applyFixStage(s, {
          git: adapters.git,
          apply: adapters.applyFix,
          repoDir: settings.sourceRoot,
          workDir: settings.workDir,
          jobId,
          policy: adapters.policy,
          writeJobFile,
        }),
    },
  };
}
