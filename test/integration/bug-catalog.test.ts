import { readFile, rm, stat, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { ExecGdbClient } from '../../src/adapters/gdb/gdb-client.js';
import { readElfCoreNatively } from '../../src/adapters/native/native-core.js';
import { LlvmSymbolizer } from '../../src/adapters/symbolizer/llvm-symbolizer.js';
import type { CrashReport } from '../../src/domain/crash-report.js';
import { buildFixture, produceBugCores, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { reportOf } from '../fixtures/report-of.js';

/**
 * The fixture's catalog of fifty distinct bugs (`worldserver bug:<n>`), which
 * the share bench multiplies into a thousand dumps: one bucket per bug, read
 * natively, whichever run of the program the core came from.
 */

const BUGS = [3, 11, 24, 37, 49];
const RUNS = 2;
const runner = new NodeProcessRunner(process.env);
let fixture: BuiltFixture;
let workDir: string;
let cores: string[];
const reports = new Map<string, CrashReport>();

beforeAll(async () => {
  const [built, symbolizer] = await Promise.all([buildFixture(), LlvmSymbolizer.create(runner)]);
  fixture = built;
  workDir = await mkdtemp(path.join(os.tmpdir(), 'bug-catalog-'));
  cores = await produceBugCores(fixture.executable, { bugs: BUGS, runsPerBug: RUNS, workDir });
  for (const core of cores) {
    const raw = await readElfCoreNatively(core, { moduleFiles: [fixture.executable], symbolize: (r) => symbolizer.symbolize(r) });
    reports.set(core, await reportOf(raw, fixture.sourceDir, core));
  }
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const reportAt = (bugIndex: number, run: number): CrashReport => {
  const report = reports.get(cores[bugIndex * RUNS + run] ?? '');
  if (!report) throw new Error(`no report for bug #${bugIndex} run ${run}`);
  return report;
};

describe('cores of the bug catalog read natively', () => {
  it('makes one core per bug and run, each from its own process', async () => {
    expect(cores.map((c) => path.basename(c))).toEqual(BUGS.flatMap((b) => [0, 1].map((r) => `bug${String(b).padStart(2, '0')}-run${r}.core`)));
    const [a, b] = await Promise.all([readFile(cores[0] ?? ''), readFile(cores[1] ?? '')]);
    expect(a.equals(b)).toBe(false);
  });

  it('gives the runs of one bug one signature, and each bug its own', () => {
    const signatures = BUGS.map((_, i) => {
      expect(reportAt(i, 1).signature).toBe(reportAt(i, 0).signature);
      return reportAt(i, 0).signature;
    });
    expect(new Set(signatures).size).toBe(BUGS.length);
  });

  it.each(BUGS.map((bug, i) => ({ bug, i })))('bug $bug: the culprit is its own function in bug-catalog.cpp', ({ bug, i }) => {
    const name = `BugCatalog::bug${String(bug).padStart(2, '0')}`;
    expect(reportAt(i, 0).culprit).toMatchObject({ function: name, file: 'src/game/bug-catalog.cpp' });
    expect(reportAt(i, 0).signatureBasis).toEqual({ kind: 'access-violation', frames: [name, 'BugCatalog::Run', 'main'] });
  });

  it('lines differ from bug to bug', () => {
    const lines = BUGS.map((_, i) => reportAt(i, 0).culprit?.line);
    expect(new Set(lines).size).toBe(BUGS.length);
  });

  it('gdb gives the same signatures and culprits', async () => {
    const gdb = await ExecGdbClient.create({ runner });
    for (const [i, run] of [
      [0, 1],
      [3, 0],
    ] as const) {
      const core = cores[i * RUNS + run] ?? '';
      const fromGdb = await reportOf(await gdb.analyze({ corePath: core, executablePath: fixture.executable, timeoutMs: 120_000 }), fixture.sourceDir, core);
      expect({ signature: fromGdb.signature, culprit: fromGdb.culprit }).toEqual({ signature: reportAt(i, run).signature, culprit: reportAt(i, run).culprit });
    }
  });

  it('takes a core from the cache the second time', async () => {
    const again = await produceBugCores(fixture.executable, { bugs: [BUGS[0] ?? 0], runsPerBug: 1, workDir });
    const [first, second] = await Promise.all([readFile(cores[0] ?? ''), readFile(again[0] ?? '')]);
    expect(second.equals(first)).toBe(true);
    expect((await stat(again[0] ?? '')).size).toBe((await stat(cores[0] ?? '')).size);
  });

  it('refuses a bug the catalog does not have', async () => {
    await expect(produceBugCores(fixture.executable, { bugs: [50], runsPerBug: 1, workDir })).rejects.toThrow('No bug 50 in the catalog: bugs are 0 to 49');
  });
});
