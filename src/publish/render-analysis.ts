import type { AnalysisRecord, Usage } from '../domain/job-state.js';
import { codeBlock, codeSpan, escapeText } from '../base/markdown-escape.js';

/**
 * The analysis as Markdown, for the job summary and (later) the PR body. All
 * of it is model output, so every string is escaped.
 */
export function renderAnalysisMarkdown(analysis: AnalysisRecord, options: { minConfidence: number }): string {
  const { root_cause: cause, fix } = analysis.proposal;
  const lines: string[] = [];
  lines.push(`## Root cause (${cause.category}, ${cause.severity})`, '');
  lines.push(escapeText(cause.summary), '');
  lines.push(`**Confidence:** ${cause.confidence.toFixed(2)}${cause.confidence < options.minConfidence ? ` — below \`min-confidence\` ${options.minConfidence}, so no code was changed` : ''}`, '');
  lines.push('<details>', '<summary>Technical details</summary>', '', escapeText(cause.technical_details), '', '</details>', '');
  lines.push('## Fix', '', `**Strategy:** ${escapeText(fix.strategy)}`, '');
  lines.push('| File | Change |', '| --- | --- |');
  for (const edit of fix.edits) {
    const change = edit.old_text === '' ? 'new file' : `${countLines(edit.old_text)} → ${countLines(edit.new_text)} lines`;
    lines.push(`| ${codeSpan(edit.path, true)} | ${change} |`);
  }
  lines.push('', `**Risk:** ${escapeText(fix.risk)}`, '', `**Test plan:** ${escapeText(fix.test_plan)}`, '');
  for (const [i, edit] of fix.edits.entries()) {
    lines.push(`<details>`, `<summary>Edit ${i + 1}: ${escapeText(edit.path)}</summary>`, '');
    if (edit.old_text !== '') lines.push('Replace:', '', codeBlock('cpp', edit.old_text.split('\n')), '');
    lines.push('With:', '', codeBlock('cpp', edit.new_text.split('\n')), '', '</details>', '');
  }
  lines.push(renderUsage(analysis.model, analysis.usage));
  return `${lines.join('\n')}\n`;
}

export function renderUsage(model: string, usage: Usage): string {
  return [
    '| Model | Turns | Input tokens | Output tokens | Cache read | Cache write | Est. cost |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${codeSpan(model, true)} | ${usage.turns} | ${usage.inputTokens} | ${usage.outputTokens} | ${usage.cacheReadTokens} | ${usage.cacheWriteTokens} | ${usage.estimatedCostUsd === null ? 'unknown' : `$${usage.estimatedCostUsd.toFixed(4)}`} |`,
  ].join('\n');
}

function countLines(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}
