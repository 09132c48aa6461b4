import { describe, expect, it } from 'vitest';
import { CrashAutofixError, describeError, oneLine } from '../../../src/base/errors.js';

describe('oneLine', () => {
  it('joins lines with one space, whatever the line break', () => {
    expect(oneLine('  a\n\n  b\r\nc\rd\u2028e\u000bf\u000cg  ')).toBe('a b c d e f g');
  });

  it('shows control characters escaped so they cannot act on a terminal', () => {
    expect(oneLine('bad \u0000 and \u001b[2J and \u007f and \u009b')).toBe('bad \\x00 and \\x1b[2J and \\x7f and \\x9b');
    expect(oneLine('tab\there')).toBe('tab here');
  });

  it('is linear on long runs of blanks', () => {
    const text = `a${' '.repeat(2_000_000)}b`;
    const started = performance.now();
    expect(oneLine(text)).toHaveLength(2_000_002);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('applies to every CrashAutofixError and to anything described', () => {
    expect(new CrashAutofixError('bad-input', 'x\u001b]0;title\u0007\ny').message).toBe('x\\x1b]0;title\\x07 y');
    expect(describeError(new RangeError('Invalid\u0000 length'))).toBe('Invalid\\x00 length');
  });
});
