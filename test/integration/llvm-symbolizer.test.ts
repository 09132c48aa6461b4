import { copyFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { readMinidump } from '../../src/adapters/minidump/read-minidump.js';
import { minidumpToRawCrash } from '../../src/adapters/minidump/minidump-to-raw-crash.js';
import { crashingThread } from '../../src/domain/raw-crash.js';
import { LlvmSymbolizer } from '../../src/adapters/symbolizer/llvm-symbolizer.js';
import { buildFixture, expectedCrashSite } from '../fixtures/crash-fixture.js';
import { buildWindowsFixture, produceMinidump, windowsToolchainMissing } from '../fixtures/windows-fixture.js';

const runner = new NodeProcessRunner(process.env);
const symbolizerMissing = (await runner.run('which', ['llvm-symbolizer'])).exitCode === 0 ? null : 'llvm-symbolizer not found (apt-get install llvm)';
const windowsMissing = symbolizerMissing ?? (await windowsToolchainMissing());
if (symbolizerMissing) console.log(`llvm-symbolizer tests skipped: ${symbolizerMissing}`);
else if (windowsMissing) console.log(`llvm-symbolizer on Windows minidumps skipped: ${windowsMissing}`);

describe.skipIf(symbolizerMissing !== null)('LlvmSymbolizer with the real llvm-symbolizer', () => {
  it.skipIf(windowsMissing !== null)('finds the culprit file and line of a Wine minidump in the DWARF of the PE, also from a path with spaces', async () => {
    const fixture = await buildWindowsFixture();
    const raw = minidumpToRawCrash(await readMinidump(await produceMinidump('null-write')));
    const top = crashingThread(raw)?.frames[0];
    const module = raw.modules.find((m) => m.name === top?.module);
    expect(top?.address).toMatch(/^0x[0-9a-f]+$/);
    const offset = BigInt(top?.address ?? '0') - BigInt(module?.base ?? '0');
    const spaced = path.join(await mkdtemp(path.join(os.tmpdir(), 'sym ')), 'world server.exe');
    await copyFile(fixture.executable, spaced);
    const symbolizer = await LlvmSymbolizer.create(runner);
    const [atCrash, noDebugInfo] = await symbolizer.symbolize([{ module: spaced, offset }, { module: spaced, offset: 0x10n }]);
    const site = expectedCrashSite(fixture.sourceDir, 'null-write');
    expect(atCrash?.[0]).toEqual({ function: 'BotAI::ClearThreat()', file: path.join(fixture.sourceDir, site.file), line: site.line });
    expect(noDebugInfo).toEqual([]);
  });

  it('lists inlined frames innermost first for the Linux fixture', async () => {
    const fixture = await buildFixture();
    const symbolizer = await LlvmSymbolizer.create(runner);
    expect(symbolizer.version.major).toBeGreaterThanOrEqual(11);
    const nm = await runner.run('nm', ['-C', fixture.executable]);
    const line = nm.stdout.split('\n').find((l) => /\bBotAI::ClearThreat\(\)$/.test(l));
    const address = BigInt(`0x${line?.split(' ')[0] ?? '0'}`);
    const [answer] = await symbolizer.symbolize([{ module: fixture.executable, offset: address }]);
    expect(answer?.[0]?.function).toBe('BotAI::ClearThreat()');
    expect(answer?.[0]?.file).toMatch(/bot-ai\.cpp$/);
  });

  it('says so in one line when the tool is missing or a module path cannot be passed', async () => {
    await expect(LlvmSymbolizer.create(runner, '/nonexistent/llvm-symbolizer')).rejects.toThrow(/^LLVM was not found at '\/nonexistent\/llvm-symbolizer'; install LLVM/);
    const symbolizer = await LlvmSymbolizer.create(runner);
    await expect(symbolizer.symbolize([{ module: 'a"b.exe', offset: 1n }])).rejects.toThrow('Module path "a\\"b.exe" holds a quote or a line break; llvm-symbolizer cannot be given it');
  });
});
