import { describe, expect, it } from 'vitest';
import { normalizeHex } from '../../../src/triage/hex.js';

describe('normalizeHex', () => {
  it.each([
    ['0x00007FFFF7A42428', '0x7ffff7a42428'],
    ['00007ff6`a1b2c3d4', '0x7ff6a1b2c3d4'],
    ['7ff6a1b2', '0x7ff6a1b2'],
    ['0x0', '0x0'],
    ['0000000000000000', '0x0'],
    ['  0xABC ', '0xabc'],
    ['nope', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHex(input)).toBe(expected);
  });
});
