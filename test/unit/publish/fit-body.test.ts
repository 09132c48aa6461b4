import { describe, expect, it } from 'vitest';
import { fitBody, GITHUB_BODY_LIMIT, openFence } from '../../../src/publish/fit-body.js';

describe('fitBody', () => {
  it('leaves a body that fits alone, suffix appended', () => {
    expect(fitBody('short', { suffix: '\n\nCrash-Signature: x' })).toBe('short\n\nCrash-Signature: x');
    const exact = 'a'.repeat(GITHUB_BODY_LIMIT);
    expect(fitBody(exact)).toBe(exact);
  });

  it('cuts at a line boundary, says how much was cut and keeps the suffix', () => {
    const body = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const out = fitBody(body, { limit: 400, suffix: '\nEND' });
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out.endsWith('\nEND')).toBe(true);
    const kept = out.slice(0, out.indexOf('\n\n> [!NOTE]'));
    expect(body.startsWith(kept)).toBe(true);
    expect(kept.endsWith('\n')).toBe(false);
    expect(/line \d+$/.test(kept)).toBe(true);
    expect(out).toContain(`> ${body.length - kept.length} characters were cut here to fit GitHub's 400-character limit`);
  });

  it('closes a code fence the cut leaves open, with the same fence', () => {
    const body = `Intro\n~~~~\n${'x\n'.repeat(500)}~~~~\n`;
    const out = fitBody(body, { limit: 500 });
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out).toMatch(/x\n~~~~\n\n> \[!NOTE\]/);
  });

  it('never splits a surrogate pair', () => {
    const body = '😀'.repeat(300);
    const out = fitBody(body, { limit: 400 });
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('refuses a limit too small for the note and suffix', () => {
    expect(() => fitBody('x'.repeat(100), { limit: 50, suffix: 'y'.repeat(40) })).toThrow(RangeError);
  });
});

describe('openFence', () => {
  it('tracks fences by character and length', () => {
    expect(openFence('```c\ncode')).toBe('```');
    expect(openFence('```c\ncode\n```\n')).toBeNull();
    expect(openFence('````\n```\nstill open')).toBe('````');
    expect(openFence('~~~\n```\n')).toBe('~~~');
    expect(openFence('no fences')).toBeNull();
  });
});
