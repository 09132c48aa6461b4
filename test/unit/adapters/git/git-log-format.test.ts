import { describe, expect, it } from 'vitest';
import { parseLog } from '../../../../src/adapters/git/git-log-format.js';

const H1 = 'a'.repeat(40);
const H2 = 'b'.repeat(40);

describe('parseLog', () => {
  it('reads unit-separated fields and record-separated commits', () => {
    const out = `${H1}\x1f2024-01-02T12:00:00+00:00\x1fAda\x1fFix: a; b | c\x1e\n${H2}\x1f2024-01-01T12:00:00+00:00\x1fBob\x1fInit\x1e\n`;
    expect(parseLog(out)).toEqual([
      { hash: H1, date: '2024-01-02T12:00:00+00:00', author: 'Ada', subject: 'Fix: a; b | c' },
      { hash: H2, date: '2024-01-01T12:00:00+00:00', author: 'Bob', subject: 'Init' },
    ]);
  });

  it('returns nothing for empty output', () => {
    expect(parseLog('')).toEqual([]);
  });

  it('refuses a record without the exact shape', () => {
    expect(() => parseLog('commit abc\nAuthor: x\n')).toThrow(/unexpected git log record/);
    expect(() => parseLog(`${H1}\x1fdate\x1fauthor\x1e`)).toThrow(/unexpected git log record/);
  });
});
