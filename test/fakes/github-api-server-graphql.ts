/**
 * `POST /graphql` for the two mutations REST cannot do:
 * `markPullRequestReadyForReview` and `enablePullRequestAutoMerge`. GraphQL
 * is not in the REST OpenAPI description, so this reads just enough of the
 * query text to find the mutation and its `input` (inline, or through
 * variables) and answers in GraphQL's shape: `{data}` or `{data, errors}`.
 * Anything else is refused and recorded as a failure of the caller.
 */
import type { GitHubState, PullRecord } from './github-api-server-state.js';

export interface GraphqlOutcome {
  /** `graphql/<mutation>`, or null when the request names none. */
  operationId: string | null;
  body: unknown;
  /** Set when the request is one the stand-in does not understand: a failure, not a GitHub answer. */
  problem?: string;
}

type Input = Record<string, unknown>;

interface Call {
  name: string;
  input: Input;
}

const MUTATIONS = new Set(['markPullRequestReadyForReview', 'enablePullRequestAutoMerge']);

/** The first field of a `mutation` and its `input` argument. */
export function parseMutation(query: string, variables: Record<string, unknown>): Call | string {
  const text = query.replace(/#[^\n]*/g, '');
  if (!/^\s*mutation\b/.test(text)) return 'only mutations are served';
  const field = /\{\s*(\w+)\s*\(\s*input\s*:\s*(\$\w+|\{[^}]*\})\s*\)/.exec(text);
  if (!field?.[1] || !field[2]) return 'no mutation with an `input:` argument found';
  const raw = field[2];
  if (raw.startsWith('$')) {
    const value = variables[raw.slice(1)];
    return typeof value === 'object' && value !== null ? { name: field[1], input: value as Input } : `variable ${raw} is not given`;
  }
  const input: Input = {};
  for (const m of raw.slice(1, -1).matchAll(/(\w+)\s*:\s*(\$\w+|"(?:[^"\\]|\\.)*"|\w+)/g)) {
    const [, key, value] = m;
    if (!key || !value) continue;
    if (value.startsWith('$')) input[key] = variables[value.slice(1)];
    else if (value.startsWith('"')) input[key] = JSON.parse(value) as string;
    else input[key] = value;
  }
  return { name: field[1], input };
}

/** `graphql/<mutation>` for recording and scripted answers, or null. */
export function graphqlOperationId(body: unknown): string | null {
  const { query, variables } = (typeof body === 'object' && body !== null ? body : {}) as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string') return null;
  const call = parseMutation(query, typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {});
  return typeof call === 'string' ? null : `graphql/${call.name}`;
}

function failed(name: string, type: string, message: string): unknown {
  return { data: { [name]: null }, errors: [{ type, path: [name], locations: [{ line: 1, column: 1 }], message }] };
}

function pullByNode(state: GitHubState, id: unknown): PullRecord | undefined {
  const m = /^PR_(\d+)$/.exec(typeof id === 'string' ? id : '');
  return m ? state.pull(Number(m[1])) : undefined;
}

function pullPayload(pr: PullRecord): Record<string, unknown> {
  return {
    id: `PR_${pr.number}`, number: pr.number, isDraft: pr.draft, state: pr.merged ? 'MERGED' : pr.state.toUpperCase(),
    autoMergeRequest: pr.autoMerge ? { mergeMethod: pr.autoMerge.method.toUpperCase(), enabledBy: { login: pr.autoMerge.enabledBy } } : null,
  };
}

export function answerGraphql(body: unknown, state: GitHubState, actor: string, readOnly: boolean): GraphqlOutcome {
  const { query, variables } = (typeof body === 'object' && body !== null ? body : {}) as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string') return { operationId: null, body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] }, problem: 'no query' };
  const call = parseMutation(query, typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {});
  if (typeof call === 'string') return { operationId: null, body: { errors: [{ message: `The GitHub stand-in cannot answer this query: ${call}` }] }, problem: call };
  const { name, input } = call;
  const operationId = `graphql/${name}`;
  if (!MUTATIONS.has(name)) {
    return { operationId, body: { errors: [{ path: ['mutation', name], extensions: { code: 'undefinedField', typeName: 'Mutation', fieldName: name }, message: `Field '${name}' doesn't exist on type 'Mutation'` }] }, problem: `${name} is not served` };
  }
  if (readOnly) return { operationId, body: failed(name, 'FORBIDDEN', 'Resource not accessible by integration') };
  const pr = pullByNode(state, input.pullRequestId);
  if (!pr) return { operationId, body: failed(name, 'NOT_FOUND', `Could not resolve to a node with the global id of '${String(input.pullRequestId)}'`) };
  if (pr.state !== 'open') return { operationId, body: failed(name, 'UNPROCESSABLE', 'Pull request is closed') };

  if (name === 'markPullRequestReadyForReview') {
    pr.draft = false;
    pr.updatedAt = state.now();
    return { operationId, body: { data: { [name]: { pullRequest: pullPayload(pr) } } } };
  }
  const method = input.mergeMethod ?? 'MERGE';
  if (method !== 'MERGE' && method !== 'SQUASH' && method !== 'REBASE') {
    return { operationId, body: { errors: [{ message: `Argument 'mergeMethod' on InputObject 'EnablePullRequestAutoMergeInput' has an invalid value (${JSON.stringify(method)}). Expected type 'PullRequestMergeMethod'.` }] } };
  }
  // GitHub's own wording, "Pull request" twice included.
  if (!state.allowAutoMerge) return { operationId, body: failed(name, 'UNPROCESSABLE', 'Pull request Auto merge is not allowed for this repository') };
  if (state.requiredChecks.length === 0) return { operationId, body: failed(name, 'UNPROCESSABLE', 'Pull request Pull request is in clean status') };
  pr.autoMerge = { method: method.toLowerCase() as 'merge' | 'squash' | 'rebase', enabledBy: actor };
  pr.updatedAt = state.now();
  return { operationId, body: { data: { [name]: { pullRequest: pullPayload(pr) } } } };
}
