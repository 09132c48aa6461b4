import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecGdbClient, type GdbAnalyzeInput } from '../../../../src/adapters/gdb/gdb-client.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { writeFakeCore, writeFakeExecutable } from '../../../fakes/gdb-fake-elf.js';
import { analysisStdout, fakeGdb, isAnalysis, sampleScriptDoc } from '../../../fakes/gdb-fake-runner.js';
import { minimalMinidump } from '../../../fakes/minidump-bytes.js';

const BUILD_ID = '5536f86333057a031127e4ec79c2228eb3a9ca91';
let dir: string;
let input: GdbAnalyzeInput;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gdb-client-'));
  input = { corePath: path.join(dir, 'core'), executablePath: path.join(dir, 'worldserver'), timeoutMs: 60_000 };
  await writeFakeCore(input.corePath, { programPath: '/srv/build/worldserver', buildId: BUILD_ID });
  await writeFakeExecutable(input.executablePath, BUILD_ID);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<CrashAutofixError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CrashAutofixError)) throw new Error(`expected a CrashAutofixError, got ${String(error)}`);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('ExecGdbClient.create', () => {
  it('accepts gdb 13 with Python and reports its version', async () => {
    const runner = fakeGdb();
    const client = await ExecGdbClient.create({ runner, gdbPath: '/opt/gdb/bin/gdb' });
    expect(client.version).toMatchObject({ major: 13, minor: 1, text: '13.1' });
    expect(runner.calls.map((c) => [c.command, c.args[0]])).toEqual([['/opt/gdb/bin/gdb', '--version'], ['/opt/gdb/bin/gdb', '-nx']]);
  });

  it('says what to install when gdb is missing', async () => {
    const runner = fakeGdb({ version: { throws: new CrashAutofixError('tool-missing', "Cannot run 'gdb': not found.") } });
    const error = await rejection(ExecGdbClient.create({ runner }));
    expect(error.kind).toBe('tool-missing');
    expect(error.message).toBe("gdb was not found at 'gdb'; install gdb 8 or newer with Python (apt-get install gdb) or set 'gdb-path'");
  });

  it('refuses gdb older than 8', async () => {
    const runner = fakeGdb({ version: { stdout: 'GNU gdb (GDB) Red Hat Enterprise Linux 7.6.1-120.el7\n' } });
    const error = await rejection(ExecGdbClient.create({ runner }));
    expect(error).toMatchObject({ kind: 'tool-missing', message: expect.stringMatching(/^gdb 7\.6\.1 at 'gdb' is too old; crash-autofix needs gdb 8 or newer/) as unknown });
  });

  it('refuses a gdb without Python', async () => {
    const runner = fakeGdb({ python: { exitCode: 1, stderr: 'Python scripting is not supported in this copy of GDB.\n' } });
    const error = await rejection(ExecGdbClient.create({ runner }));
    expect(error).toMatchObject({ kind: 'tool-missing', message: expect.stringContaining('has no Python support') as unknown });
  });

  it('refuses a program that is not gdb', async () => {
    const runner = fakeGdb({ version: { stdout: 'lldb version 17.0.6\n' } });
    const error = await rejection(ExecGdbClient.create({ runner, gdbPath: 'lldb' }));
    expect(error).toMatchObject({ kind: 'tool-missing', message: expect.stringContaining("'lldb --version' did not report a GNU gdb version (lldb version 17.0.6)") as unknown });
  });
});

describe('ExecGdbClient.analyze', () => {
  it('runs gdb in batch mode on the core and returns the parsed crash', async () => {
    const runner = fakeGdb({ analysis: { stdout: analysisStdout(sampleScriptDoc()) } });
    const client = await ExecGdbClient.create({ runner });
    const raw = await client.analyze({ ...input, solibSearchPath: ['/sysroot/lib', '/sysroot/usr/lib'], sourceDirs: ['/src/with space'] });
    expect(raw.exception.code).toBe('SIGSEGV');
    expect(raw.threads).toHaveLength(2);

    const call = runner.calls.find(isAnalysis);
    expect(call?.options).toMatchObject({ timeoutMs: 60_000, env: { LC_ALL: 'C' } });
    const args = call?.args ?? [];
    expect(args.slice(0, 3)).toEqual(['-nx', '-batch', '-q']);
    expect(args).toContain('set solib-search-path /sysroot/lib:/sysroot/usr/lib');
    expect(args).toContain('directory "/src/with space"');
    expect(args).toContain('set debuginfod enabled off');
    expect(args.slice(-2)).toEqual([`--se=${input.executablePath}`, `--core=${input.corePath}`]);
    // Settings are -iex so they apply before the core's libraries load; the script is one -ex.
    expect(args[args.indexOf('set solib-search-path /sysroot/lib:/sysroot/usr/lib') - 1]).toBe('-iex');
    expect(args.filter((a) => a === '-ex')).toHaveLength(1);
    expect(args[args.indexOf('-ex') + 1]).toMatch(/^python import base64; exec\(/);
  });

  it('does not set debuginfod on gdb older than 10', async () => {
    const runner = fakeGdb({ version: { stdout: 'GNU gdb (Ubuntu 8.1.1-0ubuntu1) 8.1.1\n' }, analysis: { stdout: analysisStdout(sampleScriptDoc()) } });
    await (await ExecGdbClient.create({ runner })).analyze(input);
    expect(runner.calls.find(isAnalysis)?.args).not.toContain('set debuginfod enabled off');
  });

  it('turns a timeout into a timeout error that names the setting', async () => {
    const runner = fakeGdb({ analysis: { exitCode: null, signal: 'SIGKILL', timedOut: true } });
    const error = await rejection((await ExecGdbClient.create({ runner })).analyze({ ...input, timeoutMs: 1500 }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`gdb did not finish reading ${input.corePath} within 1.5 s; raise 'debugger-timeout' (large programs and their symbols take longer)`);
  });

  it('refuses a core gdb calls truncated even when the script printed a backtrace', async () => {
    const stderr = `BFD: warning: ${input.corePath} has a segment extending past end of file\n`;
    const runner = fakeGdb({ analysis: { stdout: analysisStdout(sampleScriptDoc()), stderr } });
    const error = await rejection((await ExecGdbClient.create({ runner })).analyze(input));
    expect(error).toMatchObject({ kind: 'bad-input', message: expect.stringContaining('is a truncated core dump') as unknown });
  });

  it("trusts matching build ids over gdb's name-based mismatch warning", async () => {
    const stderr = 'warning: core file may not match specified executable file.\n';
    const runner = fakeGdb({ analysis: { stdout: analysisStdout(sampleScriptDoc()), stderr } });
    const raw = await (await ExecGdbClient.create({ runner })).analyze(input);
    expect(raw.crashingThreadId).toBe('8048');
  });

  it("uses gdb's mismatch warning when the core has no build id to compare", async () => {
    const core = path.join(dir, 'core.noid');
    await writeFakeCore(core, { programPath: '/srv/build/worldserver', buildId: null });
    const stderr = 'warning: core file may not match specified executable file.\n';
    const runner = fakeGdb({ analysis: { stdout: analysisStdout(sampleScriptDoc()), stderr } });
    const error = await rejection((await ExecGdbClient.create({ runner })).analyze({ ...input, corePath: core }));
    expect(error).toMatchObject({ kind: 'bad-input', message: expect.stringContaining(`does not match core ${core}`) as unknown });
  });

  it('refuses an executable whose build id differs from the core, without running gdb', async () => {
    const other = path.join(dir, 'worldserver.rebuilt');
    await writeFakeExecutable(other, 'ffffffffffffffffffffffffffffffffffffffff');
    const runner = fakeGdb();
    const error = await rejection((await ExecGdbClient.create({ runner })).analyze({ ...input, executablePath: other }));
    expect(error.kind).toBe('bad-input');
    expect(error.message).toBe(
      `Executable ${other} does not match core ${input.corePath}: the core was written by /srv/build/worldserver with build id ${BUILD_ID}, this file has build id ffffffffffffffffffffffffffffffffffffffff; pass the exact binary (or its debug file) from the build that crashed`,
    );
    expect(runner.calls.filter(isAnalysis)).toHaveLength(0);
  });

  it('refuses a missing executable, a text file and a core passed as the executable', async () => {
    const client = await ExecGdbClient.create({ runner: fakeGdb() });
    const missing = await rejection(client.analyze({ ...input, executablePath: path.join(dir, 'nope') }));
    expect(missing.message).toMatch(/^Executable .*nope does not exist; pass the program that wrote the core/);
    const text = path.join(dir, 'run.sh');
    await writeFile(text, '#!/bin/sh\nexec ./worldserver "$@"\n');
    expect((await rejection(client.analyze({ ...input, executablePath: text }))).message).toContain('is not an ELF program');
    expect((await rejection(client.analyze({ ...input, executablePath: input.corePath }))).message).toContain('is a core dump, not a program');
  });

  it('refuses a dump that is not an ELF core, and a truncated one, before running gdb', async () => {
    const runner = fakeGdb();
    const client = await ExecGdbClient.create({ runner });
    const notCore = await rejection(client.analyze({ ...input, corePath: input.executablePath }));
    expect(notCore).toMatchObject({ kind: 'bad-input', message: expect.stringContaining('not a core dump') as unknown });
    const cut = path.join(dir, 'core.cut');
    await writeFakeCore(cut, { programPath: '/srv/build/worldserver', buildId: BUILD_ID, truncateBy: 1000 });
    expect((await rejection(client.analyze({ ...input, corePath: cut }))).message).toContain('truncated core dump');
    const minidump = path.join(dir, 'crash.dmp');
    await writeFile(minidump, minimalMinidump());
    expect((await rejection(client.analyze({ ...input, corePath: minidump }))).message).toContain('is a Windows minidump');
    expect(runner.calls.filter(isAnalysis)).toHaveLength(0);
  });

  it('reports the last gdb error line when no analysis came out', async () => {
    const runner = fakeGdb({ analysis: { exitCode: 1, stderr: 'warning: Section `.reg-xstate/1\' in core file too small.\nSomething went badly wrong.\n' } });
    const error = await rejection((await ExecGdbClient.create({ runner })).analyze(input));
    expect(error).toMatchObject({ kind: 'tool-failed', message: `gdb exited with code 1 without analysing ${input.corePath}: Something went badly wrong.` });
  });
});
