import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import type { PullRequestRef, Sightings } from '../../../src/domain/seen-crashes.js';
import { checkSeen } from '../../../src/stages/check-seen.js';
import { analysisPending } from '../../fakes/sample-states.js';

const SIG = 'access-violation-0123456789ab';
const OPEN: PullRequestRef = { number: 4, url: 'https://github.com/acme/server/pull/4', state: 'open', draft: true, merged: false, headBranch: `crash-autofix/${SIG}` };

const answer = (github: Sightings['github'], jobs: Sightings['jobs'] = []): { bySignature: (s: string, except: string | null) => Promise<Sightings>; asked: [string, string | null][] } => {
  const asked: [string, string | null][] = [];
  return { asked, bySignature: async (signature, except) => (asked.push([signature, except]), { signature, jobs, github }) };
};

describe('checkSeen', () => {
  it('ends another dump of a crash with an open pull request as DUPLICATE, keeping the report', async () => {
    const seen = answer({ openPullRequest: OPEN, closedPullRequest: null, mergedFix: null }, [{ jobId: '000000000000000a', status: 'PR_CREATED', failed: false, pr: { number: 4, url: OPEN.url } }]);
    const info: string[] = [];
    const next = await checkSeen(analysisPending(), { seen, jobId: '000000000000000b', fresh: false, info: (m) => info.push(m) });
    expect(seen.asked).toEqual([[SIG, '000000000000000b']]);
    expect(next?.status).toBe('DUPLICATE');
    expect(next?.duplicateOf).toEqual({ why: 'open-pull-request', jobId: '000000000000000a', pr: { number: 4, url: OPEN.url } });
    expect(next?.reason).toContain('no second pull request was opened');
    expect(next?.report.signature).toBe(SIG);
    expect(info).toEqual([]);
  });

  it('goes on when nothing was seen, and with --fresh even when it was, saying so', async () => {
    const info: string[] = [];
    expect(await checkSeen(analysisPending(), { seen: answer({ openPullRequest: null, closedPullRequest: null, mergedFix: null }), jobId: 'b', fresh: false, info: (m) => info.push(m) })).toBeNull();
    expect(info).toEqual([]);
    expect(await checkSeen(analysisPending(), { seen: answer({ openPullRequest: OPEN, closedPullRequest: null, mergedFix: null }), jobId: 'b', fresh: true, info: (m) => info.push(m) })).toBeNull();
    expect(info).toEqual([`Crash signature ${SIG} already has the open pull request #4 (${OPEN.url}); analysing this dump anyway (--fresh)`]);
  });

  it('reports a failed look-up as a StageError of this stage', async () => {
    const cause = new CrashAutofixError('network', 'GitHub did not answer');
    const failing = { bySignature: () => Promise.reject(cause) };
    await expect(checkSeen(analysisPending(), { seen: failing, jobId: 'b', fresh: false, info: () => undefined })).rejects.toMatchObject({ stage: 'check-seen', kind: 'network', retryable: true, message: 'GitHub did not answer' });
  });
});
