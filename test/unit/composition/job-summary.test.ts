import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../../../src/composition/job-summary.js';
import { renderJobText } from '../../../src/composition/job-text.js';
import type { JobState } from '../../../src/domain/job-state.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { analysisPending } from '../../fakes/sample-states.js';

describe('the summary of a duplicate crash', () => {
  it('shows the status and says where the crash went, with the report below', () => {
    const { status: _s, ...pending } = analysisPending();
    const reason = 'Crash signature access-violation-0123456789ab already has the open pull request #4 (https://github.com/acme/server/pull/4); this dump was not analysed again';
    const state: JobState = { ...pending, status: 'DUPLICATE', duplicateOf: { why: 'open-pull-request', jobId: null, pr: { number: 4, url: 'https://github.com/acme/server/pull/4' } }, reason };
    const summary = renderJobSummary({ record: newJobRecord('0123456789abcdef', state, new Date(0)), failure: null, jobDir: '/s/job' });
    expect(summary).toContain('| `0123456789abcdef` | ℹ️ DUPLICATE | `/d/core` |');
    expect(summary).toContain(`> ${reason}`);
    expect(summary).toContain('WorldSession::HandlePacket');
    expect(renderJobText(state)).toContain(`> ${reason}\n`);
  });
});
