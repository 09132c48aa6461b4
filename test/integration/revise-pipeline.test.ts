import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';
import { makeTempDir, runGit } from '../fixtures/git-repo.js';

const KEY = 'sk-ant-api03-REVISE0123456789abcdefghijklmnopqrstuvwxyz';
const GH_TOKEN = 'ghs_REVISE0123456789abcdefghijklmnopq';
const LEAD_TOKEN = 'ghp_LEAD0123456789abcdefghijklmnopqrstu';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const GUARD = '    if (!m_threat)\n        return;\n';
const REVIEW_BODY = 'Returning silently hides the bug: say why there is no threat entry.';
const LINE_COMMENT = 'Add a comment here explaining when m_threat is null.';

let fixture: BuiltFixture;
let core: string;
let model: MessagesApiServer | undefined;
let github: GitHubApiServer | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('revise-core-') });
});

afterEach(async () => {
  await model?.close();
  await github?.close();
});

const proposal = (edits: FixProposal['fix']['edits'], confidence = 0.9): FixProposal => ({
  root_cause: { summary: 'ClearThreat writes through a null m_threat.', technical_details: 'm_threat is set only in EnterCombat.', category: 'null-pointer', severity: 'high', confidence },
  fix: { strategy: 'Return early without a threat entry.', edits, risk: 'Low.', test_plan: 'worldserver null-write exits cleanly.' },
});
const FIRST = proposal([{ path: BOT_AI, old_text: CRASH_LINE, new_text: `${GUARD}${CRASH_LINE}` }]);
const REVISED = proposal([{ path: BOT_AI, old_text: GUARD, new_text: '    if (!m_threat) // no threat entry before EnterCombat\n        return;\n' }], 0.92);

/** A reviewer submits a review with their own token, as on github.com. */
async function submitReview(number: number, body: string, comments: Array<{ path: string; line: number; body: string }>): Promise<number> {
  const response = await fetch(`${github?.baseUrl}/repos/acme/server/pulls/${number}/reviews`, {
    method: 'POST',
    headers: { authorization: `token ${LEAD_TOKEN}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
    body: JSON.stringify({ event: 'REQUEST_CHANGES', body, comments }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: number }).id;
}

describe('crash-autofix revise: request changes → the AI iterates', () => {
  it('revises a fix PR for a changes-requested review: the model gets the review, the gates run again, a second commit is pushed and one comment holds the gates', async () => {
    const { repo, origin } = await fixtureAsRepo(fixture, { origin: true });
    if (origin === null) throw new Error('origin expected');
    const analysed = await runCli(['analyze', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', await makeTempDir('sig-'), '--json'], {});
    const signature = (JSON.parse(analysed.stdout) as { signature: string }).signature;
    const branch = `crash-autofix/${signature}`;

    model = await MessagesApiServer.start({ apiKey: KEY });
    model.script(
      { reply: { content: [toolUse('submit_fix', FIRST)] } },
      {
        check: (req) => {
          const last = req.body.messages.at(-1)?.content;
          const text = Array.isArray(last) ? last.map((b) => (b.type === 'text' ? b.text : '')).join('\n') : '';
          expect(text).toContain('<review>');
          expect(text).toContain('@lead-dev reviewed the pull request (changes requested).');
          expect(text).toContain(REVIEW_BODY);
          expect(text).toMatch(new RegExp(`- ${BOT_AI}:\\d+: ${LINE_COMMENT}`));
        },
        reply: { content: [toolUse('submit_fix', REVISED)] },
      },
    );
    github = await GitHubApiServer.start({ token: GH_TOKEN, users: [{ login: 'lead-dev', token: LEAD_TOKEN }], owner: 'acme', repo: 'server', branches: ['main'], collaborators: ['lead-dev'] });
    github.addBranch(branch);
    github.state.setRole('visitor', 'read');
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model.baseURL, GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl };
    const state = await makeTempDir('revise-state-');
    const common = ['--source-root', repo.dir, '--repository', 'acme/server', '--state-dir', state];

    const fixed = await runCli(['fix', '--dump', core, '--exe', fixture.executable, ...common, '--json'], env);
    expect(errorLines(fixed.stderr).join('\n')).toBe('');
    const job = JSON.parse(fixed.stdout) as { status: string; pr: { number: number; commit: string } };
    expect(job.status).toBe('PR_CREATED');
    const pr = github.state.pulls[0];
    if (!pr) throw new Error('pull request expected');
    expect(pr.body).toMatch(/\n\nCrash-Autofix-Job: [0-9a-f]{16}\nCrash-Signature: access-violation-[0-9a-f]{12}$/);
    const first = (await runGit(origin, ['rev-parse', `refs/heads/${branch}`])).trim();
    expect(first).toBe(job.pr.commit);
    // GitHub reports the branch's head; the workflow checks it out.
    pr.headSha = first;
    await runGit(repo.dir, ['fetch', '--quiet', 'origin', branch]);
    await runGit(repo.dir, ['checkout', '--quiet', '--detach', 'FETCH_HEAD']);
    const fixedFile = (await runGit(origin, ['show', `${first}:${BOT_AI}`])).split('\n');
    const guardLine = fixedFile.findIndex((l) => l === '    if (!m_threat)') + 1;
    const reviewId = await submitReview(pr.number, REVIEW_BODY, [{ path: BOT_AI, line: guardLine, body: LINE_COMMENT }]);

    // A reader without write permission is refused before anything else.
    const refused = await runCli(['revise', '--pr', String(pr.number), '--review-id', String(reviewId), ...common], { ...env, GITHUB_ACTOR: 'visitor' });
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)).toEqual([expect.stringContaining("@visitor has 'read' permission on acme/server; revise acts only for users with write, maintain or admin permission. Nothing was changed")]);

    const revised = await runCli(['revise', '--pr', String(pr.number), '--review-id', String(reviewId), ...common], { ...env, GITHUB_ACTOR: 'lead-dev' });
    expect(errorLines(revised.stderr).join('\n')).toBe('');
    expect(revised.code).toBe(0);
    expect(revised.stderr).toMatch(/Revised #1 for @lead-dev's review: commit [0-9a-f]{12}, revision 1 of 3/);
    model.assertDone();

    // A second commit on the same branch, holding exactly the file this revision edited.
    const second = (await runGit(origin, ['rev-parse', `refs/heads/${branch}`])).trim();
    expect(second).not.toBe(first);
    expect((await runGit(origin, ['rev-list', '--count', `main..${second}`])).trim()).toBe('2');
    expect((await runGit(origin, ['rev-parse', `${second}^`])).trim()).toBe(first);
    expect((await runGit(origin, ['diff', '--name-only', first, second])).trim()).toBe(BOT_AI);
    expect(await runGit(origin, ['show', `${second}:${BOT_AI}`])).toContain('    if (!m_threat) // no threat entry before EnterCombat');
    // Still one pull request; one comment with the gates of the revised fix.
    expect(github.state.pulls).toHaveLength(1);
    const comments = github.state.comments.filter((c) => c.issueNumber === pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('Revision 1 of 3');
    expect(comments[0]?.body).toContain(`- \`${BOT_AI}\``);
    expect(comments[0]?.body).toContain('| Tests (ctest) | ✅ 3/3 passed (non-blocking) |');
    expect(comments[0]?.body).toContain('| Compile | ✅ passed (fix attempt 2');
    expect(github.state.pulls[0]?.body).toContain('**Files changed in revision 1**');

    // The loop's bound: with max-revisions 1 a new review gets one comment and no model call.
    pr.headSha = second;
    const again = await submitReview(pr.number, 'One more change, please.', []);
    const limited = await runCli(['revise', '--pr', String(pr.number), '--review-id', String(again), '--max-revisions', '1', ...common], { ...env, GITHUB_ACTOR: 'lead-dev' });
    expect(limited.code).toBe(0);
    expect(model.requests).toHaveLength(2);
    const after = github.state.comments.filter((c) => c.issueNumber === pr.number);
    expect(after).toHaveLength(2);
    expect(after[1]?.body).toContain('**Revision limit reached:** this fix was revised 1 time(s), `max-revisions` is 1.');
    expect((await runGit(origin, ['rev-parse', `refs/heads/${branch}`])).trim()).toBe(second);

    // A pull request this tool did not open is refused.
    github.addBranch('feature/faster-bots');
    const other = await fetch(`${github.baseUrl}/repos/acme/server/pulls`, {
      method: 'POST',
      headers: { authorization: `token ${LEAD_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ head: 'feature/faster-bots', base: 'main', title: 'Faster bots', body: `Crash-Signature: ${signature}` }),
    });
    const otherNumber = ((await other.json()) as { number: number }).number;
    const notOurs = await runCli(['revise', '--pr', String(otherNumber), '--review-id', String(again), ...common], { ...env, GITHUB_ACTOR: 'lead-dev' });
    expect(notOurs.code).toBe(1);
    expect(errorLines(notOurs.stderr).join('\n')).toContain(`Pull request #${otherNumber} was not opened by crash-autofix (its branch 'feature/faster-bots' does not start with 'crash-autofix/')`);

    github.assertNoInvalidRequests();
    expect(fixed.stderr + revised.stderr).not.toContain(GH_TOKEN);
  });
});
