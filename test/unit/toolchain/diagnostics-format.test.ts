import { describe, expect, it } from 'vitest';
import type { CompilerDiagnostic } from '../../../src/toolchain/compiler-diagnostics.js';
import { annotate, formatForModel, repoRelative, toAnnotations, type AnnotationSink } from '../../../src/toolchain/diagnostics-format.js';

const d = (over: Partial<CompilerDiagnostic>): CompilerDiagnostic => ({ severity: 'error', file: '/repo/src/a.cpp', line: 3, column: 7, code: null, message: 'boom', notes: [], ...over });

describe('formatForModel', () => {
  it('lists errors before warnings with notes indented', () => {
    const text = formatForModel(
      [d({ severity: 'warning', message: 'unused', code: '-Wunused' }), d({ notes: [{ file: '/repo/src/a.h', line: 1, column: null, message: 'declared here' }] })],
      10_000,
    );
    expect(text).toBe('1 error(s), 1 warning(s)\n/repo/src/a.cpp:3:7: error: boom\n  note: /repo/src/a.h:1: declared here\n/repo/src/a.cpp:3:7: warning [-Wunused]: unused');
  });

  it('stays within the byte budget and says how many were left out', () => {
    const many = Array.from({ length: 100 }, (_, i) => d({ line: i + 1, message: `error number ${i} é` }));
    const text = formatForModel(many, 400);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(400);
    expect(text).toMatch(/… \d+ more left out$/);
    expect(text.startsWith('100 error(s), 0 warning(s)\n/repo/src/a.cpp:1:7: error: error number 0 é')).toBe(true);
  });
});

describe('toAnnotations', () => {
  it('makes paths repository-relative and keeps outside files in the message only', () => {
    expect(toAnnotations([d({}), d({ file: '/usr/include/c++/12/vector', line: 9, code: 'X1' }), d({ file: null, line: null, column: null, message: 'ld returned 1' }), d({ file: 'src/rel.cpp', column: null })], '/repo')).toEqual([
      { severity: 'error', file: 'src/a.cpp', line: 3, column: 7, title: 'Build error', message: 'boom' },
      { severity: 'error', title: 'error X1', message: '/usr/include/c++/12/vector:9:7: boom' },
      { severity: 'error', title: 'Build error', message: 'ld returned 1' },
      { severity: 'error', file: 'src/rel.cpp', line: 3, title: 'Build error', message: 'boom' },
    ]);
  });

  it('handles Windows paths case-insensitively and refuses other drives', () => {
    expect(repoRelative('C:\\Repo\\src\\x.cpp', 'c:\\repo')).toBe('src/x.cpp');
    expect(repoRelative('D:\\other\\x.cpp', 'C:\\repo')).toBeNull();
    expect(repoRelative('/repo-other/x.cpp', '/repo')).toBeNull();
    expect(repoRelative('/repo', '/repo')).toBeNull();
  });
});

describe('annotate', () => {
  function sink(): AnnotationSink & { lines: unknown[] } {
    const lines: unknown[] = [];
    return { lines, warning: (message, location) => lines.push(['warning', message, location]), error: (message, location) => lines.push(['error', message, location]) };
  }

  it('writes an error or a warning at its file and line with its title; GitHub takes no column', () => {
    const log = sink();
    annotate(log, { severity: 'error', file: 'src/a.cpp', line: 3, column: 9, title: 'error C2065', message: "'x': undeclared identifier" });
    annotate(log, { severity: 'warning', file: 'src/b.cpp', title: 'Build warning', message: 'unused variable' });
    expect(log.lines).toEqual([
      ['error', "'x': undeclared identifier", { file: 'src/a.cpp', line: 3, title: 'error C2065' }],
      ['warning', 'unused variable', { file: 'src/b.cpp', line: undefined, title: 'Build warning' }],
    ]);
  });

  it('gives an annotation without a file only its title', () => {
    const log = sink();
    annotate(log, { severity: 'error', title: 'Build error', message: 'ld returned 1 exit status' });
    expect(log.lines).toEqual([['error', 'ld returned 1 exit status', { title: 'Build error' }]]);
  });
});
