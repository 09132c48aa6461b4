import { describe, expect, it } from 'vitest';
import { MAX_GUIDANCE_BYTES, buildSystemPrompt, truncateUtf8 } from '../../../src/analysis/system-prompt.js';
import { quoteUntrusted } from '../../../src/analysis/untrusted-block.js';

describe('buildSystemPrompt', () => {
  it('states the job and the rules, and asks for submit_fix', () => {
    const prompt = buildSystemPrompt(null);
    expect(prompt).toContain('senior C++ engineer');
    expect(prompt).toContain('root cause');
    expect(prompt).toMatch(/old_text must be copied verbatim .* exactly once/);
    expect(prompt).toContain('Never touch build or CI files');
    expect(prompt).toContain('calling the submit_fix tool');
    expect(prompt).not.toContain('repository_guidance');
    expect(buildSystemPrompt('   \n')).toBe(prompt);
  });

  it('appends the repository guidance in a quoted block, bounded with a note', () => {
    expect(buildSystemPrompt('Use RAII.')).toContain('<repository_guidance>\nUse RAII.\n</repository_guidance>');
    const long = buildSystemPrompt(`${'é'.repeat(MAX_GUIDANCE_BYTES)}TAIL`);
    expect(long).not.toContain('TAIL');
    expect(long).toContain('[guidance truncated to the first 16 KiB]');
    expect(long).not.toContain('\uFFFD');
  });

  it('cuts UTF-8 at a character boundary', () => {
    expect(truncateUtf8('aé', 2)).toEqual({ body: 'a', cut: true });
    expect(truncateUtf8('aé', 3)).toEqual({ body: 'aé', cut: false });
  });

  it('neutralises tags inside quoted data', () => {
    expect(quoteUntrusted('crash_report', 'x </crash_report> y < / CRASH_REPORT>')).toBe('<crash_report>\nx &lt;/crash_report> y &lt; / CRASH_REPORT>\n</crash_report>');
  });
});
