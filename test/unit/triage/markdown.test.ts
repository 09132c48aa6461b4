import { describe, expect, it } from 'vitest';
import type { CrashReport, Frame } from '../../../src/domain/crash-report.js';
import { renderReportMarkdown } from '../../../src/triage/markdown.js';

function fr(index: number, fn: string | null, file: string | null, line: number | null, extra: Partial<Frame> = {}): Frame {
  return { index, address: `0x55555555${index}000`, module: 'worldserver', function: fn, file, line, inApp: file?.startsWith('src/') ?? false, inline: false, ...extra };
}

function report(extra: Partial<CrashReport> = {}): CrashReport {
  const frames = [
    fr(0, 'abort', null, null, { module: 'libc.so.6' }),
    fr(1, 'Player::Update(unsigned int)', 'src/server/game/Entities/Player/Player.cpp', 12),
    fr(2, 'Map::Update(unsigned int)', 'src/server/game/Maps/Map.cpp', 70),
  ];
  return {
    schemaVersion: 1,
    signature: 'abort-0123456789ab',
    signatureBasis: { kind: 'abort', frames: ['Player::Update', 'Map::Update'] },
    exception: { code: 'SIGABRT', name: 'Aborted', address: null, description: null },
    crashingThread: { id: '42', name: 'Map0' },
    frames,
    threads: [
      { id: '41', name: 'main', crashed: false, frames: [fr(0, 'epoll_wait', null, null, { module: 'libc.so.6' })] },
      { id: '42', name: 'Map0', crashed: true, frames },
    ],
    culprit: { frameIndex: 1, function: 'Player::Update(unsigned int)', file: 'src/server/game/Entities/Player/Player.cpp', line: 12 },
    modules: [],
    sourceContext: [
      { frameIndex: 1, file: 'src/server/game/Entities/Player/Player.cpp', startLine: 10, focusLine: 12, lines: ['void Player::Update(uint32 diff)', '{', '    m_session->Send();', '}'] },
    ],
    debugger: { name: 'gdb', version: '14.2' },
    analysis: null,
    process: { name: 'worldserver', pid: 41, commandLine: null },
    dump: { path: '/tmp/core', format: 'elf-core', fingerprint: null, executable: null },
    createdAt: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** Cells of a Markdown table row, split on unescaped pipes only. */
const cells = (row: string): string[] => row.split(/(?<!\\)\|/).slice(1, -1);

describe('renderReportMarkdown', () => {
  it('renders the whole report', () => {
    expect(renderReportMarkdown(report())).toBe(
      [
        '## Crash: abort in `Player::Update`',
        '',
        '| | |',
        '|---|---|',
        '| Exception | `SIGABRT` Aborted |',
        '| Signature | `abort-0123456789ab` |',
        '| Signature frames | `Player::Update` → `Map::Update` |',
        '| Crashing thread | `42` `Map0` |',
        '| Process | `worldserver` pid 41 |',
        '| Debugger | gdb 14\\.2 |',
        '',
        '**Culprit:** `Player::Update(unsigned int)` at `src/server/game/Entities/Player/Player.cpp:12` (frame 1)',
        '',
        '```cpp',
        '  10 | void Player::Update(uint32 diff)',
        '  11 | {',
        '> 12 |     m_session->Send();',
        '  13 | }',
        '```',
        '',
        '<details>',
        '<summary>Crashing stack (thread 42, 3 frames)</summary>',
        '',
        '| # | Function | Source | Module |',
        '|---:|---|---|---|',
        '| 0 | `abort` |  | `libc.so.6` |',
        '| **▶ 1** | **`Player::Update(unsigned int)`** | `src/server/game/Entities/Player/Player.cpp:12` | `worldserver` |',
        '| 2 | **`Map::Update(unsigned int)`** | `src/server/game/Maps/Map.cpp:70` | `worldserver` |',
        '',
        '</details>',
        '',
        '<details>',
        '<summary>Other threads (1)</summary>',
        '',
        '**Thread `41`** `main`, 1 frame',
        '',
        '| # | Function | Source | Module |',
        '|---:|---|---|---|',
        '| 0 | `epoll_wait` |  | `libc.so.6` |',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic', () => {
    expect(renderReportMarkdown(report())).toBe(renderReportMarkdown(structuredClone(report())));
  });

  it('shows the exception address, description and bucket id when present', () => {
    const md = renderReportMarkdown(
      report({
        exception: { code: 'c0000005', name: 'EXCEPTION_ACCESS_VIOLATION', address: '0x10', description: 'Attempt to read from address 0000000000000010' },
        analysis: { failureBucketId: 'NULL_CLASS_PTR_READ_c0000005_worldserver.exe!Player::Update', symbolName: null, moduleName: null, faultingSource: null },
      }),
    );
    expect(md).toContain('| Exception | `c0000005` EXCEPTION\\_ACCESS\\_VIOLATION at `0x10` |');
    expect(md).toContain('| Description | Attempt to read from address 0000000000000010 |');
    expect(md).toContain('| Bucket | `NULL_CLASS_PTR_READ_c0000005_worldserver.exe!Player::Update` |');
  });

  it('escapes hostile names from the dump in headings, tables and summaries', () => {
    const hostile = 'evil|<img src=x onerror=alert(1)>`@octocat';
    const frames = [fr(0, hostile, `src/${hostile}.cpp`, 3, { module: 'mod|ule' })];
    const md = renderReportMarkdown(
      report({
        frames,
        threads: [{ id: '<b>1</b>', name: hostile, crashed: true, frames }],
        crashingThread: { id: '<b>1</b>', name: hostile },
        culprit: { frameIndex: 0, function: hostile, file: `src/${hostile}.cpp`, line: 3 },
        exception: { code: 'SIGSEGV', name: '<script>x</script> *Segfault*', address: null, description: '[click](http://evil)' },
        sourceContext: [],
      }),
    );
    expect(md).toContain('<summary>Crashing stack (thread &lt;b&gt;1&lt;/b&gt;, 1 frame)</summary>');
    expect(md).toContain('| Exception | `SIGSEGV` &lt;script\\>x&lt;/script\\> \\*Segfault\\* |');
    expect(md).toContain('\\[click\\]\\(http://evil\\)');
    for (const row of md.split('\n').filter((l) => l.startsWith('| 0 ') || l.startsWith('| **▶ 0'))) {
      expect(cells(row)).toHaveLength(4);
      expect(row).toContain('``evil\\|<img src=x onerror=alert(1)>`@octocat``');
    }
    // Outside code spans nothing from the dump is live HTML or a mention.
    const outsideCode = md.replace(/(`+)[^`]*?(?:`(?!\1)[^`]*?)*\1/g, '');
    expect(outsideCode).not.toMatch(/<(?:img|script|b)\b|@octocat/);
  });

  it('marks inline frames and shows the address for frames without a name', () => {
    const frames = [fr(0, 'Unit::GetVictim() const', 'src/Unit.h', 5, { inline: true }), fr(1, null, null, null, { address: '0x7ff6a1b2' })];
    const md = renderReportMarkdown(report({ frames, threads: [{ id: '42', name: null, crashed: true, frames }], culprit: null, sourceContext: [] }));
    expect(md).toContain('| 0 | **`Unit::GetVictim() const`** *(inline)* | `src/Unit.h:5` | `worldserver` |');
    expect(md).toContain('| 1 | `0x7ff6a1b2` |  | `worldserver` |');
    expect(md).toContain('## Crash: abort\n');
    expect(md).toContain('**Culprit:** no frame of the program could be identified.');
    expect(md).not.toContain('Other threads');
  });

  it('collapses more source context and limits frames and threads', () => {
    const frames = Array.from({ length: 50 }, (_, i) => fr(i, `F${i}()`, `src/f${i}.cpp`, 1));
    const threads = [
      { id: '42', name: null, crashed: true, frames },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, name: null, crashed: false, frames: frames.slice(0, 12) })),
    ];
    const md = renderReportMarkdown(
      report({
        frames,
        threads,
        culprit: { frameIndex: 0, function: 'F0()', file: 'src/f0.cpp', line: 1 },
        sourceContext: [
          { frameIndex: 0, file: 'src/f0.cpp', startLine: 1, focusLine: 1, lines: ['a'] },
          { frameIndex: 3, file: 'src/f3.cpp', startLine: 1, focusLine: 1, lines: ['b'] },
        ],
      }),
      { maxFrames: 10, maxThreads: 2, maxThreadFrames: 4 },
    );
    expect(md).toContain('<summary>More source context (1)</summary>');
    expect(md).toContain('Frame 3 `F3()` at `src/f3.cpp:1`');
    expect(md).toContain('… 40 more frames not shown.');
    expect(md).toContain('… 8 more frames not shown.');
    expect(md).toContain('… 3 more threads not shown.');
    expect(md).toContain('<summary>Other threads (5)</summary>');
    expect(md).not.toContain('**Thread `t2`**');
  });
});
