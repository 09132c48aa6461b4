import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedCrashSite } from '../fixtures/crash-fixture.js';
import { runCli } from '../fixtures/run-cli.js';
import { buildWindowsFixture, produceMinidump, windowsToolchainMissing } from '../fixtures/windows-fixture.js';

const missing = await windowsToolchainMissing();
if (missing) console.log(`Windows minidump tests skipped: ${missing}`);

/** Real minidumps written by Wine's dbghelp for the fixture cross-built with mingw-w64; read without cdb. */
describe.skipIf(missing !== null)('real Windows minidumps of the fixture, read natively', () => {
  it.each([
    { mode: 'null-write', code: 'c0000005', kind: 'access-violation' },
    { mode: 'divide-by-zero', code: 'c0000094', kind: 'divide-by-zero' },
    { mode: 'assert', code: '40000015', kind: null },
  ] as const)('$mode: exception $code in worldserver.exe', async ({ mode, code, kind }) => {
    const fixture = await buildWindowsFixture();
    const dump = await produceMinidump(mode);
    const state = path.join(path.dirname(dump), 'state');
    const run = await runCli(['analyze', '--dump', dump, '--state-dir', state, '--source-root', fixture.sourceDir]);
    expect(run.code).toBe(0);
    const [job] = await readdir(path.join(state, 'jobs'));
    const report = JSON.parse(await readFile(path.join(state, 'jobs', job ?? '', 'report.json'), 'utf8')) as { exception: { code: string }; signature: string; process: { name: string } };
    expect(report.exception.code).toBe(code);
    if (kind) expect(report.signature).toMatch(new RegExp(`^${kind}-[0-9a-f]{12}$`));
    expect(report.process.name).toBe('worldserver.exe');
  });

  it.each(['null-write', 'null-read', 'worker-thread', 'divide-by-zero'] as const)('%s: with the executable at hand, the culprit is the marked line, from the DWARF in the PE', async (mode) => {
    const fixture = await buildWindowsFixture();
    const dump = await produceMinidump(mode);
    const state = path.join(path.dirname(dump), 'state-exe');
    const run = await runCli(['analyze', '--dump', dump, '--executable', fixture.executable, '--state-dir', state, '--source-root', fixture.sourceDir]);
    expect(run.code).toBe(0);
    const [job] = await readdir(path.join(state, 'jobs'));
    const report = JSON.parse(await readFile(path.join(state, 'jobs', job ?? '', 'report.json'), 'utf8')) as { culprit: { file: string; line: number | null } | null; frames: { function: string | null }[] };
    const site = expectedCrashSite(fixture.sourceDir, mode);
    expect(report.culprit).toMatchObject({ file: site.file, line: site.line });
    expect(report.frames.filter((f) => f.function !== null).length).toBeGreaterThan(2);
  });

  it('different bugs get different signatures, the same bug the same one', async () => {
    const fixture = await buildWindowsFixture();
    const signatureOf = async (mode: 'null-write' | 'null-read', tag: string): Promise<string> => {
      const dump = await produceMinidump(mode);
      const state = path.join(path.dirname(dump), `state-${tag}`);
      await runCli(['analyze', '--dump', dump, '--executable', fixture.executable, '--state-dir', state, '--source-root', fixture.sourceDir]);
      const [job] = await readdir(path.join(state, 'jobs'));
      return (JSON.parse(await readFile(path.join(state, 'jobs', job ?? '', 'report.json'), 'utf8')) as { signature: string }).signature;
    };
    const a = await signatureOf('null-write', 'a');
    expect(await signatureOf('null-write', 'b')).toBe(a);
    expect(await signatureOf('null-read', 'c')).not.toBe(a);
  });

  it('the same mode gives the same dump from the cache; another mode another dump', async () => {
    const a = await readFile(await produceMinidump('null-write'));
    const b = await readFile(await produceMinidump('null-write'));
    const c = await readFile(await produceMinidump('null-read'));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.subarray(0, 4).toString('latin1')).toBe('MDMP');
  });
});
