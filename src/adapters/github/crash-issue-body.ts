import { gunzipSync, gzipSync } from 'node:zlib';
import { CrashAutofixError } from '../../base/errors.js';
import { codeSpan, escapeHtml } from '../../base/markdown-escape.js';
import { CrashRecordSchema, type CrashRecord } from '../../domain/crash-record.js';

/**
 * A crash record as a GitHub issue: a readable table for people, and the record
 * itself (gzip, base64) in a hidden marker so any runner can read it back.
 */

/** The label every crash-database issue carries (not `crash-autofix`, which marks low-confidence issues). */
export const CRASH_DB_LABEL = 'crash-db';
export const STATUS_LABEL_PREFIX = 'crash:';
const MARKER = 'crash-autofix:crash-record:v1';
/** `<!-- marker <signature, base64> <record: gzip, base64> -->`: the signature stays readable when the record is damaged. */
const MARKER_LINE = new RegExp(`<!-- ${MARKER} ([A-Za-z0-9+/=]+) ([A-Za-z0-9+/=]*) -->`);
const TOP = 10;

export function crashIssueTitle(record: CrashRecord): string {
  const title = `Crash: ${record.title}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

/** The issue's labels: its own, minus any older status, plus `crash-db` and `crash:<status>`. */
export function crashIssueLabels(record: CrashRecord, current: readonly string[] = []): string[] {
  const kept = current.filter((l) => !l.startsWith(STATUS_LABEL_PREFIX) && l !== CRASH_DB_LABEL);
  return [...kept, CRASH_DB_LABEL, `${STATUS_LABEL_PREFIX}${record.status}`];
}

export function renderCrashIssueBody(record: CrashRecord): string {
  const o = record.occurrences;
  const rows: [string, string][] = [
    ['Signature', codeSpan(record.signature, true)],
    ['Status', `**${record.status}**`],
    ['Module', record.module === null ? 'unknown' : codeSpan(record.module, true)],
    ['Occurrences', `${o.count}${o.count > 0 ? ` (first ${o.firstSeen}, last ${o.lastSeen})` : ''}`],
    ['Pull request', record.pr === null ? 'none' : `[#${record.pr.number}](${record.pr.url}), ${record.pr.severity}, opened ${record.pr.openedAt}`],
    ['Issue', record.issue === null ? 'none' : `[#${record.issue.number}](${record.issue.url})`],
    ['Fixed in', record.fixedIn === null ? 'not deployed' : `${codeSpan(record.fixedIn.commit, true)} at ${record.fixedIn.at}`],
    ['Regressions', record.regressions.length === 0 ? 'none' : `${record.regressions.length}, last from build ${codeSpan(record.regressions.at(-1)?.build ?? '', true)}`],
    ['Dumps not placed against the fix', String(record.unplaced.length)],
    ['Builds of fixes', `${record.builds.compiled} of ${record.builds.attempts} compiled`],
    ['Model', `${record.usage.inputTokens} tokens in, ${record.usage.outputTokens} out, $${record.usage.costUsd.toFixed(2)}`],
    ['People', `${record.approvals.length} approvals, ${record.touchpoints.rejections} rejections, ${record.touchpoints.reviews} change requests`],
  ];
  const sections = [
    `## ${escapeHtml(record.title)}`,
    ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n'),
    counts('Build', o.byBuild),
    counts('Server', o.byServer),
    deployments(record),
    `_One issue per crash signature, updated in place by crash-autofix; the line below is its record, do not edit it._\n<!-- ${MARKER} ${Buffer.from(record.signature, 'utf8').toString('base64')} ${encodeRecord(record)} -->`,
  ];
  return sections.filter((s) => s !== '').join('\n\n');
}

function counts(what: string, map: CrashRecord['occurrences']['byBuild']): string {
  const entries = Object.entries(map).sort((a, b) => b[1].count - a[1].count);
  if (entries.length === 0) return '';
  const shown = entries.slice(0, TOP).map(([key, c]) => `| ${codeSpan(key, true)} | ${c.count} | ${c.firstSeen} | ${c.lastSeen} |`);
  const more = entries.length > TOP ? [`| ${entries.length - TOP} more | | | |`] : [];
  return [`### By ${what.toLowerCase()}`, `| ${what} | Dumps | First seen | Last seen |`, '| --- | ---: | --- | --- |', ...shown, ...more].join('\n');
}

function deployments(record: CrashRecord): string {
  if (record.deployments.length === 0) return '';
  const rows = record.deployments.map((d) => `| ${d.target} | ${escapeHtml(d.environment)} | ${codeSpan(d.build.commit, true)} | ${d.at} | ${d.url === null ? '' : `[deployment](${d.url})`} |`);
  return ['### Deployments', '| Target | Environment | Commit | At | Link |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function encodeRecord(record: CrashRecord): string {
  return gzipSync(Buffer.from(JSON.stringify(record), 'utf8')).toString('base64');
}

/** What an issue body carries: nothing, a record, or a damaged record of a known signature (`error` says what to do). */
export type ReadRecord = { kind: 'none' } | { kind: 'record'; record: CrashRecord } | { kind: 'damaged'; signature: string; error: CrashAutofixError };

export function readCrashRecord(body: string, issue: { number: number; url: string }): ReadRecord {
  const match = MARKER_LINE.exec(body);
  if (match === null) return { kind: 'none' };
  const signature = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  try {
    const record = decodeRecord(match[2] ?? '', issue);
    if (record.signature !== signature) throw new CrashAutofixError('bad-input', `The crash record in issue #${issue.number} (${issue.url}) is for ${record.signature}, not ${signature}; restore the body from the issue's edit history`);
    return { kind: 'record', record };
  } catch (error) {
    if (!(error instanceof CrashAutofixError)) throw error;
    return { kind: 'damaged', signature, error };
  }
}

function decodeRecord(encoded: string, issue: { number: number; url: string }): CrashRecord {
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8'));
  } catch {
    throw new CrashAutofixError('bad-input', `The crash record in issue #${issue.number} (${issue.url}) is damaged (its hidden record line was edited); restore the body from the issue's edit history, or remove the '${CRASH_DB_LABEL}' label to start a new record`);
  }
  const parsed = CrashRecordSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    throw new CrashAutofixError('bad-input', `The crash record in issue #${issue.number} (${issue.url}) does not match its schema at ${problem?.path.join('.') ?? ''} (${problem?.message ?? ''}); restore the body from the issue's edit history, or remove the '${CRASH_DB_LABEL}' label to start a new record`);
  }
  return parsed.data;
}
