import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExecutableBuildId } from '../../src/adapters/elf/elf-build-id.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { ExecGdbClient } from '../../src/adapters/gdb/gdb-client.js';
import { readElfCoreNatively } from '../../src/adapters/native/native-core.js';
import type { NativeReadOptions } from '../../src/adapters/native/native-read-options.js';
import { LlvmSymbolizer } from '../../src/adapters/symbolizer/llvm-symbolizer.js';
import { CrashAutofixError } from '../../src/base/errors.js';
import { nativeDumpReader } from '../../src/composition/native-reader.js';
import type { CrashReport } from '../../src/domain/crash-report.js';
import { crashingThread, type RawCrash } from '../../src/domain/raw-crash.js';
import { CRASH_MODES, buildFixture, expectedCrashSite, produceCore, type BuiltFixture, type CrashMode } from '../fixtures/crash-fixture.js';
import { reportOf } from '../fixtures/report-of.js';

/**
 * ELF cores read without gdb (the walk, the core's notes, llvm-symbolizer on
 * the module files) against gdb on the same real cores: the CrashReport the
 * pipeline builds from each must have the same signature and culprit.
 */

const runner = new NodeProcessRunner(process.env);
let fixture: BuiltFixture;
let symbolize: NonNullable<NativeReadOptions['symbolize']>;
let workDir: string;
const cases = new Map<CrashMode, { core: string; gdb: RawCrash; native: RawCrash }>();
/** A core of a copy of the program that is gone afterwards, so the path it recorded cannot stand in. */
let core: string;
/** The program's name, another build: its build-id note's bytes changed. */
let other: string;

beforeAll(async () => {
  const [built, gdb, symbolizer] = await Promise.all([buildFixture(), ExecGdbClient.create({ runner }), LlvmSymbolizer.create(runner)]);
  fixture = built;
  symbolize = (requests) => symbolizer.symbolize(requests);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'native-core-'));
  for (const mode of CRASH_MODES) {
    const dump = await produceCore(fixture.executable, mode, { workDir });
    const [fromGdb, native] = await Promise.all([
      gdb.analyze({ corePath: dump, executablePath: fixture.executable, timeoutMs: 120_000 }),
      readElfCoreNatively(dump, { moduleFiles: [fixture.executable], symbolize }),
    ]);
    cases.set(mode, { core: dump, gdb: fromGdb, native });
  }
  const dir = await mkdtemp(path.join(workDir, 'gone-'));
  const copy = path.join(dir, 'worldserver');
  await copyFile(fixture.executable, copy);
  core = await produceCore(copy, 'null-write', { workDir });
  await rm(copy);
  const bytes = await readFile(fixture.executable);
  const at = bytes.indexOf(Buffer.from((await readExecutableBuildId(fixture.executable)) ?? '', 'hex'));
  if (at <= 0) throw new Error('no build id in the fixture program');
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  other = path.join(await mkdtemp(path.join(workDir, 'other-')), 'worldserver');
  await writeFile(other, bytes);
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function caseOf(mode: CrashMode): { core: string; gdb: RawCrash; native: RawCrash } {
  const c = cases.get(mode);
  if (!c) throw new Error(`no core for ${mode}`);
  return c;
}

const summary = (r: CrashReport) => ({ signature: r.signature, basis: r.signatureBasis, culprit: r.culprit && { file: r.culprit.file, line: r.culprit.line, function: r.culprit.function } });

describe.each(CRASH_MODES)('a real %s core read natively', (mode) => {
  it('gives the report gdb gives: the same signature, culprit file, line and function', async () => {
    const { gdb, native } = caseOf(mode);
    const [fromGdb, fromNative] = await Promise.all([reportOf(gdb, fixture.sourceDir), reportOf(native, fixture.sourceDir)]);
    expect(summary(fromNative)).toEqual(summary(fromGdb));
    const site = expectedCrashSite(fixture.sourceDir, mode);
    expect(fromNative.culprit).toMatchObject({ file: site.file, line: site.line });
    expect(fromNative.debugger).toEqual({ name: 'native', version: null });
  });

  it('has gdb’s signal, threads, crashing thread, process and program module', () => {
    const { gdb, native } = caseOf(mode);
    expect(native.exception).toEqual(gdb.exception);
    expect(native.crashingThreadId).toBe(gdb.crashingThreadId);
    expect(native.threads.map((t) => t.id)).toEqual(gdb.threads.map((t) => t.id));
    expect(native.process).toEqual(gdb.process);
    expect(native.modules[0]).toEqual({ ...gdb.modules[0], path: fixture.executable });
    // Each other thread stands at the instruction gdb shows on top of it.
    for (const t of native.threads.filter((x) => x.id !== native.crashingThreadId)) {
      expect(t.frames[0]?.address).toBe(gdb.threads.find((g) => g.id === t.id)?.frames[0]?.address);
    }
  });

  it('names the program’s frames as gdb does, in the same order', () => {
    const { gdb, native } = caseOf(mode);
    const inProgram = (raw: RawCrash) =>
      (crashingThread(raw)?.frames ?? [])
        .filter((f) => f.module === 'worldserver')
        .map((f) => `${f.function} ${f.file}:${f.line}${f.inline ? ' (inline)' : ''}`);
    const fromGdb = inProgram(gdb);
    // A deep recursion is cut by each walker's own frame cap (gdb 256, the walk 128).
    const fromNative = inProgram(native).slice(0, fromGdb.length);
    expect(fromNative.length).toBeGreaterThan(0);
    expect(fromNative).toEqual(fromGdb.slice(0, fromNative.length));
  });
});

describe('module files', () => {
  it('uses a file of the program’s name and build id wherever it lies', async () => {
    const native = await readElfCoreNatively(core, { moduleFiles: [fixture.executable], symbolize });
    const report = await reportOf(native, fixture.sourceDir);
    expect(report.signature).toBe((await reportOf(caseOf('null-write').gdb, fixture.sourceDir)).signature);
    expect(report.culprit?.function).toBe('BotAI::ClearThreat');
  });

  it('refuses a file of the right name with another build id, and says so', async () => {
    const warnings: string[] = [];
    const native = await readElfCoreNatively(core, { moduleFiles: [other], symbolize, warn: (m) => warnings.push(m) });
    const program = (crashingThread(native)?.frames ?? []).filter((f) => f.module === 'worldserver');
    expect(program.length).toBeGreaterThan(2);
    expect(program.every((f) => f.function === null && f.file === null && f.address !== null)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^Not using ${other} \\(build id [0-9a-f]{40}\\) for worldserver: the core's worldserver has build id ${await readExecutableBuildId(fixture.executable)}, so it is another build; its frames keep module and offset$`));
  });

  it('falls back to the file the core recorded when it is here with the same build id', async () => {
    const warnings: string[] = [];
    const { core: recorded, gdb } = caseOf('null-write');
    const fallback = await readElfCoreNatively(recorded, { moduleFiles: [other], symbolize, warn: (m) => warnings.push(m) });
    expect(warnings[0]).toContain(`; using ${fixture.executable}, which the core recorded and which has it`);
    const alone = await readElfCoreNatively(recorded, { moduleFiles: [], symbolize });
    const expected = (await reportOf(gdb, fixture.sourceDir)).signature;
    expect((await reportOf(fallback, fixture.sourceDir)).signature).toBe(expected);
    expect((await reportOf(alone, fixture.sourceDir)).signature).toBe(expected);
    // libc symbolised from the recorded path as well: the abort frames name raise and abort.
    const assert = await readElfCoreNatively(caseOf('assert').core, { moduleFiles: [], symbolize });
    expect(crashingThread(assert)?.frames.some((f) => f.module === 'libc.so.6' && f.function === 'abort')).toBe(true);
  });

  it('without a symbolizer keeps module and offset, and the signature holds them', async () => {
    const native = await readElfCoreNatively(caseOf('null-write').core, { moduleFiles: [fixture.executable], symbolize: null });
    const frames = crashingThread(native)?.frames ?? [];
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.every((f) => f.function === null && f.line === null && /^0x[0-9a-f]+$/.test(f.address ?? ''))).toBe(true);
    expect(frames[0]?.module).toBe('worldserver');
    const report = await reportOf(native, fixture.sourceDir);
    expect(report.signatureBasis.frames[0]).toMatch(/^worldserver\+0x[0-9a-f]+$/);
  });
});

describe('bad input', () => {
  it('says in one line that a text file is not a core', async () => {
    const file = path.join(workDir, 'notes.txt');
    await writeFile(file, 'Program terminated with signal SIGSEGV\n');
    const error = await readElfCoreNatively(file, { moduleFiles: [], symbolize: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrashAutofixError);
    expect((error as CrashAutofixError).kind).toBe('bad-input');
    expect((error as CrashAutofixError).message).toBe(`${file} is not an ELF core dump (it starts with bytes 50726f6772616d20); pass the core file the crash wrote`);
  });

  it('says in one line that the program is not a core', async () => {
    await expect(readElfCoreNatively(fixture.executable, { moduleFiles: [], symbolize: null })).rejects.toThrow(/^\S+ is an executable or shared library, not a core dump; pass the core file as 'dump' and the program as 'executable'$/);
  });
});

describe('the composition’s native reader', () => {
  it('reads a core without settings as gdb does, takes the program from a symbols folder, and refuses a text file in one line', async () => {
    const read = nativeDumpReader(runner);
    const warnings: string[] = [];
    const divide = caseOf('divide-by-zero');
    const native = await read({ dumpPath: divide.core, executable: null, symbols: [] }, (m) => warnings.push(m));
    expect((await reportOf(native, fixture.sourceDir)).signature).toBe((await reportOf(divide.gdb, fixture.sourceDir)).signature);
    expect(warnings).toEqual([]);
    const folder = path.join(workDir, 'symbols');
    await mkdir(path.join(folder, 'build'), { recursive: true });
    await copyFile(fixture.executable, path.join(folder, 'build', 'worldserver'));
    const viaSymbols = await read({ dumpPath: core, executable: null, symbols: [folder] }, (m) => warnings.push(m));
    expect((await reportOf(viaSymbols, fixture.sourceDir)).culprit?.function).toBe('BotAI::ClearThreat');
    expect(warnings).toEqual([]);
    const text = path.join(workDir, 'saved.txt');
    await writeFile(text, '#0  0x0000 in main () at main.cpp:3\n');
    await expect(read({ dumpPath: text, executable: null, symbols: [] }, () => {})).rejects.toThrow(/^\S+ is a text file, not a dump; if it is saved debugger output, pass it as 'from-output' instead of 'dump'$/);
  });
});
