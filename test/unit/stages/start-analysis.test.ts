import { describe, expect, it } from 'vitest';
import { startAnalysis } from '../../../src/stages/start-analysis.js';
import { analysisPending } from '../../fakes/sample-states.js';

describe('startAnalysis', () => {
  it('skips the analysis, keeping the report, when there is no API key', async () => {
    const next = await startAnalysis(analysisPending(), { hasApiKey: false, sourceRoot: '/repo', instructionsFile: null });
    expect(next.status).toBe('ANALYSIS_SKIPPED');
    if (next.status !== 'ANALYSIS_SKIPPED') throw new Error('unreachable');
    expect(next.reason).toMatch(/No Anthropic API key: set the 'anthropic-api-key' input or ANTHROPIC_API_KEY/);
    expect(next.report.signature).toBe('access-violation-0123456789ab');
  });

  it('picks CLAUDE.md, then AGENTS.md, as guidance', async () => {
    const present = new Set(['/repo/AGENTS.md']);
    const next = await startAnalysis(analysisPending(), { hasApiKey: true, sourceRoot: '/repo', instructionsFile: null, exists: async (f) => present.has(f) });
    expect(next).toMatchObject({ status: 'ANALYZING', guidanceFile: '/repo/AGENTS.md' });
    present.add('/repo/CLAUDE.md');
    const both = await startAnalysis(analysisPending(), { hasApiKey: true, sourceRoot: '/repo', instructionsFile: null, exists: async (f) => present.has(f) });
    expect(both).toMatchObject({ guidanceFile: '/repo/CLAUDE.md' });
  });

  it('fails on a named instructions file that does not exist', async () => {
    await expect(
      startAnalysis(analysisPending(), { hasApiKey: true, sourceRoot: '/repo', instructionsFile: '/repo/docs/ai.md', exists: async () => false }),
    ).rejects.toThrow(/instructions-file \/repo\/docs\/ai.md does not exist/);
  });
});
