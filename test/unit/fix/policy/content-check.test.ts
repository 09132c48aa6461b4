import { describe, expect, it } from 'vitest';
import { checkTextContent, decodeTextFile } from '../../../../src/fix/policy/content-check.js';

describe('checkTextContent', () => {
  it('accepts source text with tabs, CRLF and non-ASCII', () => {
    expect(checkTextContent('int main() {\r\n\treturn 0; // ça va\r\n}\n')).toBeNull();
  });

  it.each([
    ['NUL bytes', 'int a;\0\0\0', /NUL/],
    ['decoded binary', 'ELF\ufffd\ufffd', /U\+FFFD/],
    ['a lone surrogate', 'x\ud800y', /lone surrogate/],
    ['control characters', 'a\x1b[31m', /control characters/],
    ['Trojan Source bidi overrides', 'if (admin) { \u202e } \u2066', /bidirectional/],
  ])('refuses %s', (_what, text, reason) => {
    expect(checkTextContent(text)).toMatch(reason);
  });
});

describe('decodeTextFile', () => {
  it('decodes UTF-8 and keeps a byte-order mark', () => {
    expect(decodeTextFile(Buffer.from('\ufeffint a;\n'))).toBe('\ufeffint a;\n');
  });

  it('refuses NUL bytes and invalid UTF-8', () => {
    expect(decodeTextFile(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00]))).toBeNull();
    expect(decodeTextFile(Buffer.from([0x61, 0xff, 0xfe]))).toBeNull();
  });
});
