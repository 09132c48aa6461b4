import { describe, expect, it } from 'vitest';
import { renderPullRequestBody } from '../../../src/publish/render-pull-request.js';
import { lesson } from '../../fakes/crash-records.js';
import { verified } from '../../fakes/sample-states.js';

function body(lessons?: ReturnType<typeof lesson>[]): string {
  const s = verified();
  return renderPullRequestBody({ report: s.report, analysis: { ...s.analysis, ...(lessons ? { lessons } : {}) }, worktree: s.worktree, build: s.build, gates: s.gates, runUrl: null });
}

describe('renderPullRequestBody: lessons considered', () => {
  it("names each lesson the analysis was given, with who, when, where and the start of what they said", () => {
    const md = body([
      lesson('b:rejected', { author: 'ana', signature: 'sig-b', module: 'src/game/maps', text: `Do not silence the assert; ${'x'.repeat(200)}`, at: '2026-11-04T10:00:00.000Z' }),
      lesson('c:review', { kind: 'review', author: '@everyone', signature: 'sig-c', module: null, text: 'Keep *the* check.', at: '2026-11-03T10:00:00.000Z' }),
    ]);
    expect(md).toContain('## Lessons considered');
    expect(md).toContain(`- Rejection by ana on 2026-11-04 in \`src/game/maps\`, crash \`sig-b\`: Do not silence the assert; ${'x'.repeat(160 - 'Do not silence the assert; '.length)}…`);
    expect(md).toContain('- Review by @\u200beveryone on 2026-11-03, crash `sig-c`: Keep \\*the\\* check\\.');
    expect(md.indexOf('## Lessons considered')).toBeLessThan(md.indexOf('## Gates'));
  });

  it('has no lessons section when the analysis was given none', () => {
    expect(body()).not.toContain('Lessons considered');
    expect(body([])).not.toContain('Lessons considered');
  });
});
