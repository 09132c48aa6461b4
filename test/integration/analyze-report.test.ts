import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/composition/run-pipeline.js';
import { createAdapters } from '../../src/composition/create-adapters.js';
import { MemoryLogger } from '../../src/pipeline/logger.js';
import { CrashReportSchema, type CrashReport } from '../../src/domain/crash-report.js';
import { buildSettings } from '../../src/settings/build-settings.js';
import { captureEnvironment } from '../../src/settings/environment.js';
import { CRASH_MODES, buildFixture, expectedCrashSite, produceCore, type BuiltFixture, type CrashMode } from '../fixtures/crash-fixture.js';

let base: BuiltFixture;
let shifted: BuiltFixture;
let work: string;
const reports = new Map<string, CrashReport>();

async function report(fixture: BuiltFixture, mode: CrashMode, extra: Record<string, string> = {}): Promise<CrashReport> {
  const core = await produceCore(fixture.executable, mode, { workDir: work });
  const settings = await buildSettings({
    origin: 'cli',
    command: 'analyze',
    values: { dump: core, executable: fixture.executable, 'source-root': fixture.sourceDir, 'state-dir': path.join(work, 'state'), ...extra },
    environment: captureEnvironment(),
    readTextFile: async () => null,
  });
  const result = await runPipeline(settings, createAdapters(settings, (t) => t), new MemoryLogger());
  const state = result.record.state;
  if (state.status !== 'ANALYSIS_PENDING') throw new Error(`${mode}: ${JSON.stringify(state)}`);
  const onDisk = CrashReportSchema.parse(JSON.parse(await readFile(state.files.json, 'utf8')));
  expect(onDisk).toEqual(state.report);
  return state.report;
}

beforeAll(async () => {
  [base, shifted] = await Promise.all([buildFixture(), buildFixture({ shift: true })]);
  work = await mkdtemp(path.join(os.tmpdir(), 'analyze-report-'));
  for (const mode of CRASH_MODES) reports.set(mode, await report(base, mode, { 'culprit-ignore': 'Trinity::Assert' }));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('analyze on real core files from the mini-server fixture', () => {
  it.each(CRASH_MODES)('%s: blames the marked line in the repository', (mode) => {
    const r = reports.get(mode);
    const site = expectedCrashSite(base.sourceDir, mode);
    expect(r?.culprit?.file).toBe(site.file);
    expect(r?.culprit?.line).toBe(site.line);
    if (site.function) expect(r?.culprit?.function).toContain(site.function);
    const culpritFrame = r?.frames[r.culprit?.frameIndex ?? -1];
    expect(culpritFrame?.inApp).toBe(true);
    const context = r?.sourceContext.find((c) => c.frameIndex === r.culprit?.frameIndex);
    expect(context?.focusLine).toBe(site.line);
    expect(context?.lines[site.line - (context?.startLine ?? 0)]).toContain(`CRASH:${mode}`);
  });

  it('gives every bug its own signature', () => {
    const signatures = CRASH_MODES.map((m) => reports.get(m)?.signature);
    expect(new Set(signatures).size).toBe(CRASH_MODES.length);
  });

  it('keeps the signature across another crash of the same bug (new addresses, new process)', async () => {
    for (const mode of ['null-read', 'worker-thread', 'stack-overflow'] as const) {
      const again = await report(base, mode, { 'culprit-ignore': 'Trinity::Assert' });
      expect(again.signature).toBe(reports.get(mode)?.signature);
    }
  });

  it('keeps the signature across a rebuild that moves every line', async () => {
    for (const mode of ['null-write', 'divide-by-zero', 'inline', 'libc'] as const) {
      const moved = await report(shifted, mode, { 'culprit-ignore': 'Trinity::Assert' });
      const before = reports.get(mode);
      expect(moved.culprit?.line).not.toBe(before?.culprit?.line);
      expect(moved.signature).toBe(before?.signature);
    }
  });

  it('uses platform-neutral exception kinds', () => {
    expect(reports.get('null-read')?.signature).toMatch(/^access-violation-/);
    expect(reports.get('stack-overflow')?.signature).toMatch(/^stack-overflow-/);
    expect(reports.get('divide-by-zero')?.exception.code).toBe('SIGFPE');
    expect(reports.get('null-write')?.exception.address).toBe('0x0');
  });

  it('skips the project assert handler by default and honours culprit-ignore', async () => {
    const byDefault = await report(base, 'assert');
    expect(byDefault.culprit?.function).toContain('World::ValidateSessions');
    expect(byDefault.signature).toMatch(/^assertion-/);
    expect(byDefault.signature).toBe(reports.get('assert')?.signature);
    const ignored = await report(base, 'assert', { 'culprit-ignore': 'World::ValidateSessions' });
    expect(ignored.culprit?.function).not.toContain('World::ValidateSessions');
    expect(ignored.culprit?.file).toBe('src/game/world.cpp');
    expect(ignored.signature).not.toBe(byDefault.signature);
  });

  it('marks the worker thread as the crashing one', () => {
    const r = reports.get('worker-thread');
    const crashed = r?.threads.filter((t) => t.crashed) ?? [];
    expect(crashed).toHaveLength(1);
    expect(crashed[0]?.id).toBe(r?.crashingThread.id);
    expect(r?.threads.length).toBeGreaterThan(1);
  });

  it('flags inlined frames', () => {
    const r = reports.get('inline');
    const frame = r?.frames.find((f) => f.function?.includes('FastMath::ScaledValue'));
    expect(frame?.inline).toBe(true);
  });
});
