import { describe, expect, it } from 'vitest';
import type { IssueRef, NewIssue } from '../../../src/adapters/github/github-client.js';
import type { StateOf } from '../../../src/domain/job-state.js';
import { openLowConfidenceIssue } from '../../../src/publish/low-confidence-issue.js';
import type { IssueClient } from '../../../src/publish/open-issue.js';
import { fixGenerated } from '../../fakes/sample-states.js';

/** Issues kept in memory: `open` is the issue already open for the signature, if any; nobody can be assigned. */
class MemoryIssues implements IssueClient {
  readonly created: NewIssue[] = [];
  readonly updated: Array<{ number: number; title: string; body: string }> = [];
  constructor(private readonly open: IssueRef | null = null) {}
  findOpenIssueForSignature(): Promise<IssueRef | null> {
    return Promise.resolve(this.open);
  }
  createIssue(issue: NewIssue): Promise<IssueRef> {
    this.created.push(issue);
    return Promise.resolve({ number: 12, url: 'https://github.com/acme/engine/issues/12', state: 'open' });
  }
  updateIssue(number: number, fields: { title: string; body: string }): Promise<IssueRef> {
    this.updated.push({ number, ...fields });
    return Promise.resolve({ number, url: `https://github.com/acme/engine/issues/${number}`, state: 'open' });
  }
  addLabels(): Promise<void> {
    return Promise.resolve();
  }
  addAssignees(): Promise<string[]> {
    return Promise.resolve([]);
  }
}

function unsure(confidence: number): StateOf<'FIX_GENERATED'> {
  const state = fixGenerated();
  const proposal = state.analysis.proposal;
  return { ...state, analysis: { ...state.analysis, proposal: { ...proposal, root_cause: { ...proposal.root_cause, confidence } } } };
}

describe('openLowConfidenceIssue', () => {
  it('opens an issue naming the crash site and category, with the confidence, the analysis and the crash report', async () => {
    const github = new MemoryIssues();
    const warnings: string[] = [];
    expect(await openLowConfidenceIssue(github, unsure(0.42), 0.7, (m) => warnings.push(m))).toEqual({ number: 12, url: 'https://github.com/acme/engine/issues/12' });
    const [issue] = github.created;
    expect(issue?.title).toBe('Crash SIGSEGV in WorldSession::HandlePacket: null-pointer (needs review)');
    expect(issue?.labels).toEqual(['crash-autofix', 'crash', 'needs-triage']);
    expect(issue?.body.startsWith('crash-autofix analysed this crash but its confidence (0.42) is below `min-confidence` (0.7), so it changed no code.')).toBe(true);
    expect(issue?.body).toContain('## Root cause (null-pointer, high)');
    expect(issue?.body).toContain('**Confidence:** 0.42 — below `min-confidence` 0.7, so no code was changed');
    expect(issue?.body).toContain('WorldSession::HandlePacket');
    expect(issue?.body.endsWith('Crash-Signature: access-violation-0123456789ab')).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('updates the open issue of the same signature instead of opening a second, and names the exception when there is no culprit', async () => {
    const github = new MemoryIssues({ number: 5, url: 'https://github.com/acme/engine/issues/5', state: 'open' });
    const state = unsure(0.3);
    const noCulprit = { ...state, report: { ...state.report, culprit: null } };
    expect(await openLowConfidenceIssue(github, noCulprit, 0.7, () => undefined)).toEqual({ number: 5, url: 'https://github.com/acme/engine/issues/5' });
    expect(github.created).toEqual([]);
    expect(github.updated.map((u) => [u.number, u.title])).toEqual([[5, 'Crash SIGSEGV in Segmentation fault: null-pointer (needs review)']]);
  });
});
