/**
 * The revise example: which events start the revise job (the `if` evaluated on event payloads),
 * and that it never checks out a pull request's code with secrets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { jobsThatRan, runScenario } from './job-scenarios.js';
import { loadWorkflow } from './load-workflow.js';
import { OWN_REPOSITORY } from './workflow-checks.js';

const FILE = 'examples/workflows/crash-autofix-revise.yml';
const REPO = 'acme/server';

function review(state: string, headRef = 'crash-autofix/SIGSEGV-0123456789ab', headRepo = REPO): Record<string, unknown> {
  return { event_name: 'pull_request_review', repository: REPO, event: { review: { id: 7, state }, pull_request: { number: 12, head: { ref: headRef, repo: { full_name: headRepo } } } } };
}

function comment(body: string, association = 'MEMBER', onPullRequest = true): Record<string, unknown> {
  const issue = onPullRequest ? { number: 12, pull_request: { url: `https://api.github.com/repos/${REPO}/pulls/12` } } : { number: 12 };
  return { event_name: 'issue_comment', repository: REPO, event: { issue, comment: { id: 9, body, author_association: association } } };
}

describe('the revise example', () => {
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['changes requested on a crash-autofix pull request', review('changes_requested'), true],
    ['an approving review', review('approved'), false],
    ['a comment-only review', review('commented'), false],
    ['changes requested on another branch', review('changes_requested', 'feature/x'), false],
    ['changes requested on a fork with a crash-autofix/ branch', review('changes_requested', 'crash-autofix/x', 'mallory/server'), false],
    ['/crash-autofix revise from a member', comment('/crash-autofix revise check the null first'), true],
    ['/crash-autofix revise from a collaborator', comment('/crash-autofix revise', 'COLLABORATOR'), true],
    ['/crash-autofix revise from someone without a role', comment('/crash-autofix revise', 'NONE'), false],
    ['/crash-autofix revise on an issue', comment('/crash-autofix revise', 'OWNER', false), false],
    ['another comment', comment('looks good'), false],
  ];

  it.each(cases)('%s → runs: %s', async (_name, github, runs) => {
    const workflow = await loadWorkflow(FILE, readFileSync(FILE, 'utf8'));
    expect(jobsThatRan(runScenario(workflow, { name: _name, github }))).toEqual(runs ? ['revise'] : []);
  });

  it("listens to reviews and comments only, checks out the pull request's head without credentials (the revision builds on the published fix), and gives the key to the revise step alone", () => {
    const doc = parseYaml(readFileSync(FILE, 'utf8')) as { on: Record<string, unknown>; jobs: { revise: { permissions: Record<string, string>; steps: Array<{ uses: string; with: Record<string, unknown> }> } } };
    expect(Object.keys(doc.on).sort()).toEqual(['issue_comment', 'pull_request_review']);
    const [checkout, revise, ...rest] = doc.jobs.revise.steps;
    expect(rest).toEqual([]);
    expect(checkout?.with).toEqual({ ref: 'refs/pull/${{ github.event.pull_request.number || github.event.issue.number }}/head', 'persist-credentials': false });
    expect(revise?.uses).toBe(`${OWN_REPOSITORY}/revise@v0`);
    expect(JSON.stringify(checkout)).not.toMatch(/secrets\./);
    expect(doc.jobs.revise.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', actions: 'read' });
  });
});
