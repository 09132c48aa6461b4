import { codeSpan, escapeText } from '../base/markdown-escape.js';
import type { RevisionRequest, StateOf } from '../domain/job-state.js';
import { renderGatesTable } from './render-gates.js';

/**
 * The comments `revise` writes on the pull request. Each carries a marker
 * naming the request it answers, so a re-run of the same request finds its
 * comment and does not write a second one.
 */
export function revisionMarker(request: RevisionRequest, what: 'revision' | 'limit'): string {
  return `<!-- crash-autofix:${what} ${request.kind}-${request.id} -->`;
}

/** After the push: which files this revision changed, its gates, and how many revisions are left. */
export function revisionComment(state: StateOf<'PR_CREATED'>, request: RevisionRequest, maxRevisions: number, runUrl: string | null): string {
  const count = state.revision?.count ?? 0;
  const files = state.worktree.files.map((f) => `- ${codeSpan(f.path)}${f.created ? ' (new)' : ''}${f.core ? ' ⚠️ core file' : ''}${f.build ? ' ⚠️ build file' : ''}`);
  return [
    revisionMarker(request, 'revision'),
    `**Revised** for @${request.author}'s ${request.kind === 'review' ? 'review' : 'comment'}: commit ${codeSpan(state.pr.commit.slice(0, 12))} on ${codeSpan(state.worktree.branch)}${runUrl ? ` ([workflow run](${runUrl}))` : ''}. Revision ${count} of ${maxRevisions} (\`max-revisions\`).`,
    `**Strategy:** ${escapeText(state.analysis.proposal.fix.strategy)}`,
    ['**Files changed in this revision:**', '', ...files].join('\n'),
    ['**Gates:**', '', ...renderGatesTable(state.gates)].join('\n'),
  ].join('\n\n');
}

/** The loop's bound: nothing was asked of the model and nothing changed. */
export function revisionLimitComment(request: RevisionRequest, count: number, maxRevisions: number): string {
  return [
    revisionMarker(request, 'limit'),
    `**Revision limit reached:** this fix was revised ${count} time(s), \`max-revisions\` is ${maxRevisions}. Nothing was changed for @${request.author}'s ${request.kind === 'review' ? 'review' : 'comment'}; change the branch by hand, or raise \`max-revisions\`.`,
  ].join('\n\n');
}
