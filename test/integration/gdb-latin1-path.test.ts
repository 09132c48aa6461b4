import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../../src/composition/create-adapters.js';
import { runPipeline } from '../../src/composition/run-pipeline.js';
import { ExecGdbClient } from '../../src/adapters/gdb/gdb-client.js';
import { crashingThread } from '../../src/domain/raw-crash.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { MemoryLogger } from '../../src/pipeline/logger.js';
import { buildSettings } from '../../src/settings/build-settings.js';
import { captureEnvironment } from '../../src/settings/environment.js';
import { produceCore } from '../fixtures/crash-fixture.js';

/**
 * A program run from a folder whose name is Latin-1 (`caf\xe9`, not valid
 * UTF-8): the core's mapped paths, the program's path and its source file name
 * carry that byte. Node cannot name such a folder with a string, so bash
 * builds it and a UTF-8 symbolic link runs the program; the kernel records
 * the link's target.
 */
const SOURCE = String.raw`#include <stdio.h>
int crash_here(volatile int *p) { return *p; }
int main(void) { printf("%d\n", crash_here((volatile int *)0)); return 0; }
`;

let work: string;
let program: string;
let core: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gdb-latin1-'));
  program = path.join(work, 'crash');
  const script = [
    "mkdir $'caf\\xe9'",
    `printf '%s' "$SOURCE" > $'caf\\xe9/crash.c'`,
    "gcc -g -O0 -o $'caf\\xe9/crash' $'caf\\xe9/crash.c'",
    "ln -s $'caf\\xe9/crash' crash",
  ].join(' && ');
  await promisify(execFile)('bash', ['-c', script], { cwd: work, env: { PATH: process.env.PATH, SOURCE } });
  core = await produceCore(program, 'null-read', { workDir: work });
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('gdb on a core whose paths are not UTF-8', () => {
  it('really has the Latin-1 byte in the core', async () => {
    expect((await readFile(core)).includes(Buffer.from('caf\xe9/crash', 'latin1'))).toBe(true);
  });

  it('reads the stack, the module and the source file, with U+FFFD for the byte', async () => {
    const client = await ExecGdbClient.create({ runner: new NodeProcessRunner(process.env) });
    const raw = await client.analyze({ corePath: core, executablePath: program, timeoutMs: 120_000 });
    const top = crashingThread(raw)?.frames[0];
    expect(raw.exception.code).toBe('SIGSEGV');
    expect(top).toMatchObject({ function: 'crash_here', module: 'crash', line: 2, file: path.join(work, 'caf\ufffd', 'crash.c') });
    expect(raw.modules[0]).toMatchObject({ name: 'crash', path: path.join(work, 'caf\ufffd', 'crash') });
  });

  it('writes a crash report through the analyze pipeline', async () => {
    const settings = await buildSettings({
      origin: 'cli',
      command: 'analyze',
      values: { dump: core, executable: program, 'source-root': work, 'state-dir': path.join(work, 'state') },
      environment: captureEnvironment(),
      readTextFile: async () => null,
    });
    const result = await runPipeline(settings, createAdapters(settings, (t) => t), new MemoryLogger());
    const state = result.record.state;
    if (state.status !== 'ANALYSIS_PENDING') throw new Error(`expected a report, got ${JSON.stringify(state)}`);
    expect(state.report.frames[0]).toMatchObject({ function: 'crash_here', line: 2 });
    expect(JSON.parse(await readFile(state.files.json, 'utf8'))).toMatchObject({ exception: { code: 'SIGSEGV' } });
  });
});
