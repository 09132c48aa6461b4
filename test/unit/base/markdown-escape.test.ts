import { describe, expect, it } from 'vitest';
import { codeBlock, codeSpan, escapeHtml, escapeText, truncate } from '../../../src/base/markdown-escape.js';

describe('codeSpan', () => {
  it('wraps text in backticks', () => {
    expect(codeSpan('Player::Update(unsigned int)')).toBe('`Player::Update(unsigned int)`');
  });

  it('uses a longer fence than any backtick run inside, padding edge backticks', () => {
    expect(codeSpan("Foo::`scalar deleting destructor'")).toBe("``Foo::`scalar deleting destructor'``");
    expect(codeSpan('`x``')).toBe('``` `x`` ```');
  });

  it('escapes | only inside table cells', () => {
    expect(codeSpan('operator|', true)).toBe('`operator\\|`');
    expect(codeSpan('operator|')).toBe('`operator|`');
  });

  it('keeps everything on one line and drops control characters', () => {
    expect(codeSpan('a\nb\r\n\tc\u0007d')).toBe('`a b c d`');
    expect(codeSpan('')).toBe('');
  });
});

describe('escapeText', () => {
  it('escapes Markdown and HTML so the text renders literally', () => {
    expect(escapeText('*bold* _x_ [link](http://x) <img src=x> `code` a|b # ~~s~~ !')).toBe(
      '\\*bold\\* \\_x\\_ \\[link\\]\\(http://x\\) &lt;img src=x\\> \\`code\\` a\\|b \\# \\~\\~s\\~\\~ \\!',
    );
  });

  it('defuses @mentions and entities', () => {
    expect(escapeText('@octocat &amp;')).toBe('@\u200boctocat &amp;amp;');
  });
});

describe('escapeHtml', () => {
  it('escapes HTML special characters and mentions', () => {
    expect(escapeHtml('<b>"x" & \'y\'</b> @team\nnext')).toBe('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt; @\u200bteam next');
  });
});

describe('codeBlock', () => {
  it('uses a fence the content cannot close', () => {
    expect(codeBlock('cpp', ['int x;'])).toBe('```cpp\nint x;\n```');
    expect(codeBlock('cpp', ['// ```', 'x'])).toBe('````cpp\n// ```\nx\n````');
  });
});

describe('truncate', () => {
  it('cuts long text with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
