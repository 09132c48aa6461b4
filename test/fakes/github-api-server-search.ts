/**
 * The subset of GitHub's issue search the stand-in understands:
 * `repo:`, `is:`/`type:` (pr, issue, open, closed, merged, unmerged),
 * `in:` (title, body), `label:` and free words or "quoted phrases", matched
 * case-insensitively as substrings. Anything else is refused with a 422, so a
 * query the stand-in cannot answer faithfully never passes silently.
 */
import type { IssueRecord, PullRecord } from './github-api-server-state.js';
import type { RouteContext, RouteResult } from './github-api-server-routes.js';

interface Query {
  repo: string | null;
  kinds: Set<'pr' | 'issue'>;
  states: Set<string>;
  fields: Set<'title' | 'body'>;
  labels: string[];
  terms: string[];
}

export function parseSearchQuery(q: string): Query | string {
  const query: Query = { repo: null, kinds: new Set(), states: new Set(), fields: new Set(), labels: [], terms: [] };
  for (const token of q.match(/\S+:"[^"]*"|"[^"]*"|\S+/g) ?? []) {
    const qualifier = /^([a-z-]+):(.+)$/.exec(token);
    const value = (qualifier?.[2] ?? token).replace(/^"(.*)"$/s, '$1');
    if (!qualifier) {
      query.terms.push(value.toLowerCase());
      continue;
    }
    switch (qualifier[1]) {
      case 'repo':
        query.repo = value.toLowerCase();
        break;
      case 'is':
      case 'type':
        if (value === 'pr' || value === 'issue') query.kinds.add(value);
        else if (['open', 'closed', 'merged', 'unmerged'].includes(value)) query.states.add(value);
        else return `The GitHub stand-in does not implement '${token}'`;
        break;
      case 'in':
        for (const f of value.split(',')) {
          if (f !== 'title' && f !== 'body') return `The GitHub stand-in does not implement '${token}'`;
          query.fields.add(f);
        }
        break;
      case 'label':
        query.labels.push(value.toLowerCase());
        break;
      default:
        return `The GitHub stand-in does not implement the qualifier '${qualifier[1] ?? token}'`;
    }
  }
  return query;
}

function matches(item: IssueRecord | PullRecord, query: Query): boolean {
  const isPull = 'head' in item;
  if (query.kinds.size && !query.kinds.has(isPull ? 'pr' : 'issue')) return false;
  for (const s of query.states) {
    if (s === 'open' && item.state !== 'open') return false;
    if (s === 'closed' && item.state !== 'closed') return false;
    if (s === 'merged' && !(isPull && item.merged)) return false;
    if (s === 'unmerged' && !(isPull && !item.merged)) return false;
  }
  if (!query.labels.every((l) => item.labels.some((x) => x.toLowerCase() === l))) return false;
  const fields = query.fields.size ? query.fields : new Set(['title', 'body']);
  const text = [fields.has('title') ? item.title : '', fields.has('body') ? (item.body ?? '') : ''].join('\n').toLowerCase();
  return query.terms.every((t) => text.includes(t));
}

export function searchIssues(ctx: RouteContext): RouteResult {
  const query = parseSearchQuery(ctx.query.get('q') ?? '');
  if (typeof query === 'string') return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Search', field: 'q', code: 'invalid', message: query }], documentation_url: 'https://docs.github.com/rest', status: '422' } };
  if (query.repo === null || query.repo !== `${ctx.state.owner}/${ctx.state.repo}`.toLowerCase()) {
    const message = query.repo === null ? 'The stand-in only answers queries with a repo: qualifier' : `The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.`;
    return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Search', field: 'q', code: 'invalid', message }], documentation_url: 'https://docs.github.com/rest', status: '422' } };
  }
  const all: (IssueRecord | PullRecord)[] = [...ctx.state.issues, ...ctx.state.pulls];
  const hits = all.filter((i) => matches(i, query)).sort((a, b) => b.number - a.number);
  const perPage = Math.min(Number(ctx.query.get('per_page') ?? 30), 100);
  const items = hits.slice(0, perPage).map((i) => ({ ...ctx.shapes.issue(i), score: 1 }));
  return { status: 200, body: { total_count: hits.length, incomplete_results: false, items, search_type: 'lexical' } };
}
