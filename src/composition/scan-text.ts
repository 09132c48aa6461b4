import { codeSpan, escapeText } from '../base/markdown-escape.js';
import type { ScannedBucket } from '../intake/scan-share.js';
import type { ScanResult } from './scan-dumps.js';

/** Rows in the summary table; the JSON file has every bucket. */
const MAX_ROWS = 50;

/** The scan's Markdown: totals, then one row per bucket met (the job summary and the CLI). */
export function renderScanSummary(result: ScanResult): string {
  const { outcome } = result;
  const lines = ['## crash-autofix scan', ''];
  lines.push('| Share | Dumps | New | Copies | Known | Unreadable | Still being written | New buckets |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  lines.push(`| ${codeSpan(result.dumpDir, true)} | ${outcome.files} | ${outcome.newDumps} | ${outcome.copies} | ${outcome.unchanged} | ${outcome.unreadable.length + outcome.failed.length} | ${result.busy.length} | ${outcome.newBuckets.length} |`, '');
  if (outcome.buckets.length === 0) {
    lines.push('No new dumps.', '');
    return `${lines.join('\n')}\n`;
  }
  lines.push('| Bucket | | Dumps | This scan | Exception | Culprit | Build |', '| --- | --- | ---: | ---: | --- | --- | --- |');
  for (const b of outcome.buckets.slice(0, MAX_ROWS)) lines.push(bucketRow(b, outcome.newBuckets.includes(b)));
  if (outcome.buckets.length > MAX_ROWS) lines.push('', `… and ${outcome.buckets.length - MAX_ROWS} more buckets (all in the buckets file).`);
  lines.push('', '🆕 listed for the fix jobs now · ⏳ new, waits for the next scan (`max-new-buckets`) · 🔒 signature without symbols: holds within this build only', '');
  for (const u of [...outcome.unreadable, ...outcome.failed].slice(0, 20)) lines.push(`- ${codeSpan(u.name)}: ${escapeText(u.reason)}`);
  return `${lines.join('\n')}\n`;
}

function bucketRow(b: ScannedBucket, listedNow: boolean): string {
  const mark = listedNow ? '🆕' : b.new ? '⏳' : '';
  const scope = b.scope === 'build' ? ' 🔒' : '';
  const cells = [
    `${codeSpan(b.signature, true)}${scope}`,
    mark,
    String(b.count),
    String(b.seen),
    codeSpan(b.exception, true),
    b.culprit === null ? '—' : escapeText(b.culprit).replace(/\|/g, '\\|'),
    b.build === null ? '—' : codeSpan(`${b.program ?? ''} ${b.build}`.trim(), true),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** What a fix job of the workflow's matrix needs about its bucket (`fromJSON(needs.scan.outputs.new-buckets)`). */
export function matrixEntries(buckets: readonly ScannedBucket[]): Array<Record<string, string | number>> {
  return buckets.map((b) => ({ signature: b.signature, dump: b.representative.path, sha256: b.representative.sha256, count: b.count, scope: b.scope, build: b.build ?? '' }));
}
