import { describe, expect, it } from 'vitest';
import { countOccurrences, dominantLineEnding, withLineEnding } from '../../../../src/fix/apply/line-endings.js';

describe('line endings', () => {
  it('finds the dominant ending', () => {
    expect(dominantLineEnding('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(dominantLineEnding('a\nb\nc\r\n')).toBe('\n');
    expect(dominantLineEnding('no breaks')).toBe('\n');
  });

  it('converts every break to the given ending', () => {
    expect(withLineEnding('a\nb\r\nc', '\r\n')).toBe('a\r\nb\r\nc');
    expect(withLineEnding('a\r\nb\nc', '\n')).toBe('a\nb\nc');
  });

  it('counts overlapping occurrences', () => {
    expect(countOccurrences('aaa', 'aa')).toBe(2);
    expect(countOccurrences('abc', 'x')).toBe(0);
    expect(countOccurrences('abc', '')).toBe(0);
  });
});
