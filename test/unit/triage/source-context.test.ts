import { describe, expect, it } from 'vitest';
import { collectSourceContext, type ContextFrame } from '../../../src/triage/source-context.js';

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

function reader(files: Record<string, string>): { read: (p: string) => Promise<string | null>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    read: (p) => {
      calls.push(p);
      return Promise.resolve(files[p] ?? null);
    },
  };
}

const app = (file: string, line: number): ContextFrame => ({ file, line, inApp: true });

describe('collectSourceContext', () => {
  it('shows ±N lines around the culprit first, then the other in-app frames from the top', async () => {
    const { read } = reader({ 'src/a.cpp': numbered(100), 'src/b.cpp': numbered(20) });
    const frames = [{ file: '/usr/include/x.h', line: 3, inApp: false }, app('src/b.cpp', 10), app('src/a.cpp', 50)];
    const contexts = await collectSourceContext(frames, { culpritIndex: 2, readSource: read, contextLines: 2 });
    expect(contexts).toEqual([
      { frameIndex: 2, file: 'src/a.cpp', startLine: 48, focusLine: 50, lines: ['line 48', 'line 49', 'line 50', 'line 51', 'line 52'] },
      { frameIndex: 1, file: 'src/b.cpp', startLine: 8, focusLine: 10, lines: ['line 8', 'line 9', 'line 10', 'line 11', 'line 12'] },
    ]);
  });

  it('clips the window at the start and end of the file and handles CRLF', async () => {
    const { read } = reader({ 'a.cpp': 'one\r\ntwo\r\nthree\r\n' });
    const contexts = await collectSourceContext([app('a.cpp', 1), app('a.cpp', 3)], { culpritIndex: 0, readSource: read, contextLines: 7 });
    expect(contexts.map((c) => [c.startLine, c.focusLine, c.lines])).toEqual([
      [1, 1, ['one', 'two', 'three']],
      [1, 3, ['one', 'two', 'three']],
    ]);
  });

  it('uses 0 context lines as just the focus line', async () => {
    const { read } = reader({ 'a.cpp': numbered(10) });
    const [context] = await collectSourceContext([app('a.cpp', 4)], { culpritIndex: 0, readSource: read, contextLines: 0 });
    expect(context?.lines).toEqual(['line 4']);
  });

  it('skips duplicate lines, and reads each file once', async () => {
    const { read, calls } = reader({ 'src/tree.cpp': numbered(30) });
    const frames = [app('src/tree.cpp', 12), app('src/tree.cpp', 12), app('src/tree.cpp', 12), app('src/tree.cpp', 20)];
    const contexts = await collectSourceContext(frames, { culpritIndex: 0, readSource: read, contextLines: 1 });
    expect(contexts.map((c) => c.frameIndex)).toEqual([0, 3]);
    expect(calls).toEqual(['src/tree.cpp']);
  });

  it('is bounded to maxFrames frames (8 by default)', async () => {
    const { read } = reader({ 'a.cpp': numbered(100) });
    const frames = Array.from({ length: 20 }, (_, i) => app('a.cpp', i + 1));
    expect(await collectSourceContext(frames, { culpritIndex: 0, readSource: read, contextLines: 1 })).toHaveLength(8);
    expect(await collectSourceContext(frames, { culpritIndex: 0, readSource: read, contextLines: 1, maxFrames: 3 })).toHaveLength(3);
  });

  it('skips frames that are not in-app, have no line, or whose file is missing, binary, too large or shorter than the line', async () => {
    const { read } = reader({
      'bin.cpp': 'abc\0def\n',
      'big.cpp': 'x'.repeat(3 * 1024 * 1024),
      'short.cpp': numbered(5),
      'ok.cpp': numbered(5),
    });
    const frames: ContextFrame[] = [
      { file: 'ok.cpp', line: 2, inApp: false },
      { file: 'ok.cpp', line: null, inApp: true },
      { file: null, line: 2, inApp: true },
      app('missing.cpp', 1),
      app('bin.cpp', 1),
      app('big.cpp', 1),
      app('short.cpp', 9),
      app('ok.cpp', 3),
    ];
    const contexts = await collectSourceContext(frames, { culpritIndex: 4, readSource: read, contextLines: 0 });
    expect(contexts.map((c) => [c.frameIndex, c.file])).toEqual([[7, 'ok.cpp']]);
  });

  it('leaves out a file whose reader throws', async () => {
    const frames = [app('a.cpp', 1), app('b.cpp', 1)];
    const readSource = (p: string): Promise<string | null> => (p === 'a.cpp' ? Promise.reject(new Error('EACCES')) : Promise.resolve('b\n'));
    const contexts = await collectSourceContext(frames, { culpritIndex: 0, readSource, contextLines: 1 });
    expect(contexts.map((c) => c.file)).toEqual(['b.cpp']);
  });

  it('cuts very long lines', async () => {
    const { read } = reader({ 'gen.cpp': `${'a'.repeat(2000)}\n` });
    const [context] = await collectSourceContext([app('gen.cpp', 1)], { culpritIndex: 0, readSource: read, contextLines: 0 });
    expect(context?.lines[0]).toHaveLength(501);
    expect(context?.lines[0]?.endsWith('…')).toBe(true);
  });
});
