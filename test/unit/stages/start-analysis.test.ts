import { describe, expect, it } from 'vitest';
import { CrashAutofixError, StageError } from '../../../src/base/errors.js';
import { startAnalysis } from '../../../src/stages/start-analysis.js';
import { analysisPending } from '../../fakes/sample-states.js';

describe('startAnalysis', () => {
  it('skips the analysis, keeping the report, when there is no API key', async () => {
    const next = await startAnalysis(analysisPending(), { hasApiKey: false, keyHint: "the 'anthropic-api-key' input or ANTHROPIC_API_KEY", sourceRoot: '/repo', instructionsFile: null });
    expect(next.status).toBe('ANALYSIS_SKIPPED');
    if (next.status !== 'ANALYSIS_SKIPPED') throw new Error('unreachable');
    expect(next.reason).toMatch(/No Anthropic API key: set the 'anthropic-api-key' input or ANTHROPIC_API_KEY/);
    expect(next.report.signature).toBe('access-violation-0123456789ab');
  });

  it('picks CLAUDE.md, then AGENTS.md, as guidance', async () => {
    const present = new Set(['/repo/AGENTS.md']);
    const next = await startAnalysis(analysisPending(), { hasApiKey: true, keyHint: 'ANTHROPIC_API_KEY', sourceRoot: '/repo', instructionsFile: null, exists: async (f) => present.has(f) });
    expect(next).toMatchObject({ status: 'ANALYZING', guidanceFile: '/repo/AGENTS.md' });
    present.add('/repo/CLAUDE.md');
    const both = await startAnalysis(analysisPending(), { hasApiKey: true, keyHint: 'ANTHROPIC_API_KEY', sourceRoot: '/repo', instructionsFile: null, exists: async (f) => present.has(f) });
    expect(both).toMatchObject({ guidanceFile: '/repo/CLAUDE.md' });
  });

  it('fails on a named instructions file that does not exist', async () => {
    await expect(
      startAnalysis(analysisPending(), { hasApiKey: true, keyHint: 'ANTHROPIC_API_KEY', sourceRoot: '/repo', instructionsFile: '/repo/docs/ai.md', exists: async () => false }),
    ).rejects.toThrow(/instructions-file \/repo\/docs\/ai.md does not exist/);
  });

  it('runs the preflight only when the model would be asked, and fails the stage with its line', async () => {
    let checked = 0;
    const preflight = async (): Promise<void> => {
      checked++;
      throw new CrashAutofixError('tool-missing', "cmake was not found at 'cmake'; install CMake 3.16 or newer or set 'cmake-path'");
    };
    const skipped = await startAnalysis(analysisPending(), { hasApiKey: false, keyHint: 'the ANTHROPIC_API_KEY environment variable', sourceRoot: '/repo', instructionsFile: null, preflight });
    expect(skipped.status).toBe('ANALYSIS_SKIPPED');
    expect(skipped.status === 'ANALYSIS_SKIPPED' ? skipped.reason : '').toContain('set the ANTHROPIC_API_KEY environment variable to get');
    expect(checked).toBe(0);
    const failure = await startAnalysis(analysisPending(), { hasApiKey: true, keyHint: 'ANTHROPIC_API_KEY', sourceRoot: '/repo', instructionsFile: null, exists: async () => false, preflight }).catch((e: unknown) => e);
    expect(checked).toBe(1);
    expect(failure).toBeInstanceOf(StageError);
    expect(failure).toMatchObject({ stage: 'start-analysis', kind: 'tool-missing', retryable: false });
    expect((failure as StageError).message).toContain("set 'cmake-path'");
  });
});
