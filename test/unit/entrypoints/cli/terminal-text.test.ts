import { describe, expect, it } from 'vitest';
import { markdownForTerminal } from '../../../../src/entrypoints/cli/terminal-text.js';
import { renderReportMarkdown } from '../../../../src/triage/markdown.js';
import { codeBlock, codeSpan, escapeHtml, escapeText } from '../../../../src/base/markdown-escape.js';
import { sampleReport } from '../../../fakes/sample-states.js';

describe('markdownForTerminal', () => {
  it('undoes the Markdown escapes of plain text', () => {
    const text = 'access-violation in Foo::bar(int*) [x] #1 @lead & <T> a_b 1.5 | ~ ! + {}';
    expect(markdownForTerminal(escapeText(text))).toBe(text);
    expect(markdownForTerminal(`<summary>${escapeHtml("it's @me & <you>")}</summary>`)).toBe(`<summary>it's @me & <you></summary>`);
  });

  it('keeps code spans literal, but for the escaped pipe of a table cell', () => {
    const path = 'C:\\build\\src\\_x.cpp';
    expect(markdownForTerminal(`at ${codeSpan(path)} and ${escapeText('a_b')}`)).toBe(`at \`${path}\` and a_b`);
    expect(markdownForTerminal(`| ${codeSpan('operator|', true)} |`)).toBe('| `operator|` |');
    expect(markdownForTerminal(codeSpan('has `ticks` \\_ inside'))).toBe('``has `ticks` \\_ inside``');
  });

  it('leaves fenced code blocks as they are', () => {
    const block = codeBlock('cpp', ['if (a\\-b) return;', '```', 'x &amp; y']);
    expect(markdownForTerminal(`${escapeText('a-b')}\n${block}\n${escapeText('c-d')}`)).toBe(`a-b\n${block}\nc-d`);
  });

  it('turns a rendered report into text without backslash escapes', () => {
    const markdown = renderReportMarkdown(sampleReport());
    expect(markdown).toContain('access\\-violation');
    const text = markdownForTerminal(markdown);
    expect(text).toContain('Crash: access-violation in `WorldSession::HandlePacket`');
    expect(text).not.toMatch(/\\[-_.()]/);
  });
});
