import { copyFile, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecGdbClient, type GdbAnalyzeInput } from '../../src/adapters/gdb/gdb-client.js';
import { CrashAutofixError, type ErrorKind } from '../../src/base/errors.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';

const runner = new NodeProcessRunner(process.env);
let fixture: BuiltFixture;
let shifted: BuiltFixture;
let client: ExecGdbClient;
let workDir: string;
let good: GdbAnalyzeInput;

beforeAll(async () => {
  [fixture, shifted, client] = await Promise.all([buildFixture(), buildFixture({ shift: true }), ExecGdbClient.create({ runner })]);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'gdb-bad-input-'));
  good = { corePath: await produceCore(fixture.executable, 'null-read', { workDir }), executablePath: fixture.executable, timeoutMs: 120_000 };
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>, kind: ErrorKind): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrashAutofixError);
  expect((error as CrashAutofixError).kind).toBe(kind);
  const message = (error as CrashAutofixError).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('ExecGdbClient with bad input', () => {
  it('the analysis works on the good pair (so the failures below are about the input)', async () => {
    expect((await client.analyze(good)).exception.code).toBe('SIGSEGV');
  });

  it('refuses an executable passed as the core', async () => {
    const message = await failure(client.analyze({ ...good, corePath: fixture.executable }), 'bad-input');
    expect(message).toContain(`${fixture.executable} is an executable or shared library, not a core dump`);
  });

  it('refuses a file that is not a dump at all', async () => {
    const text = path.join(workDir, 'notes.txt');
    await writeFile(text, 'Program received signal SIGSEGV, Segmentation fault.\n');
    expect(await failure(client.analyze({ ...good, corePath: text }), 'bad-input')).toContain('is a text file, not a dump');
  });

  it('refuses a truncated core', async () => {
    const cut = path.join(workDir, 'core.truncated');
    await copyFile(good.corePath, cut);
    const handle = await open(cut, 'r+');
    await handle.truncate(Math.floor((await stat(cut)).size / 2));
    await handle.close();
    expect(await failure(client.analyze({ ...good, corePath: cut }), 'bad-input')).toMatch(/is a truncated core dump/);
  });

  it('refuses a missing executable', async () => {
    const missing = path.join(workDir, 'no-such-worldserver');
    expect(await failure(client.analyze({ ...good, executablePath: missing }), 'bad-input')).toBe(
      `Executable ${missing} does not exist; pass the program that wrote the core (built with debug info) as 'executable'`,
    );
  });

  it('refuses the same program rebuilt with other line numbers', async () => {
    const message = await failure(client.analyze({ ...good, executablePath: shifted.executable }), 'bad-input');
    expect(message).toMatch(new RegExp(`^Executable ${shifted.executable} does not match core ${good.corePath}: the core was written by ${fixture.executable} with build id [0-9a-f]{40}, this file has build id [0-9a-f]{40}`));
  });

  it('refuses a different program of the same build', async () => {
    const tests = path.join(fixture.buildDir, 'tests', 'mini_server_tests');
    expect(await failure(client.analyze({ ...good, executablePath: tests }), 'bad-input')).toContain('does not match core');
  });

  it('says what to install when the gdb path does not exist', async () => {
    const gdbPath = path.join(workDir, 'bin', 'gdb');
    expect(await failure(ExecGdbClient.create({ runner, gdbPath }), 'tool-missing')).toBe(
      `gdb was not found at '${gdbPath}'; install gdb 8 or newer with Python (apt-get install gdb) or set 'gdb-path'`,
    );
  });

  it('stops gdb at the timeout and names the setting to raise', async () => {
    const message = await failure(client.analyze({ ...good, timeoutMs: 5 }), 'timeout');
    expect(message).toBe(`gdb did not finish reading ${good.corePath} within 5 ms; raise 'debugger-timeout' (large programs and their symbols take longer)`);
  });
});
