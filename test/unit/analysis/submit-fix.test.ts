import { describe, expect, it } from 'vitest';
import { mapCategory } from '../../../src/analysis/submit-fix.js';

describe('mapCategory', () => {
  it('keeps a known category, also in another spelling', () => {
    expect(mapCategory('use-after-free')).toEqual({ category: 'use-after-free', warning: null });
    expect(mapCategory(' Null Pointer ')).toEqual({ category: 'null-pointer', warning: null });
    expect(mapCategory('race_condition')).toEqual({ category: 'race-condition', warning: null });
  });

  it("records anything else as 'other' with a warning that quotes it, cut short", () => {
    expect(mapCategory('memory-leak')).toEqual({ category: 'other', warning: `The model's root-cause category "memory-leak" is not one crash-autofix knows; it is recorded as 'other'` });
    expect(mapCategory('x'.repeat(100)).warning).toContain(`"${'x'.repeat(59)}…"`);
  });
});
