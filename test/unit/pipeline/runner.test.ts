import { describe, expect, it } from 'vitest';
import { StageError } from '../../../src/base/errors.js';
import { MemoryLogger } from '../../../src/pipeline/logger.js';
import { newJobRecord, runJob } from '../../../src/pipeline/runner.js';
import type { AnyRoute } from '../../../src/pipeline/route.js';
import type { JobRecord } from '../../../src/domain/job-state.js';

const input = { path: '/d/core', kind: 'dump' as const, fingerprint: 'a'.repeat(64), sizeBytes: 10, executable: '/d/exe' };
const dump = { ...input, format: 'elf-core' as const, debugger: 'gdb' as const };
const start = (): JobRecord => newJobRecord('0123456789abcdef', { status: 'CRASH_DETECTED', input }, new Date('2026-01-01T00:00:00Z'));

function collector(): { saved: JobRecord[]; save: (r: JobRecord) => Promise<void> } {
  const saved: JobRecord[] = [];
  return { saved, save: async (r) => void saved.push(structuredClone(r)) };
}

describe('runJob', () => {
  it('runs stages in order, grouping the log and saving after every transition', async () => {
    const log = new MemoryLogger();
    const { saved, save } = collector();
    const stages: AnyRoute = {
      CRASH_DETECTED: { name: 'Identify', run: async () => ({ status: 'PARSING', dump }) },
    };
    const outcome = await runJob(start(), stages, { save, log });
    expect(outcome.failure).toBeNull();
    expect(outcome.record.state.status).toBe('PARSING');
    expect(log.groups).toEqual(['Identify']);
    expect(saved.map((r) => r.state.status)).toEqual(['PARSING']);
    expect(outcome.record.history.map((h) => h.status)).toEqual(['CRASH_DETECTED', 'PARSING']);
  });

  it('moves to FAILED with the stage error and the state to resume from', async () => {
    const { saved, save } = collector();
    const stages: AnyRoute = {
      CRASH_DETECTED: { name: 'Identify', run: async () => ({ status: 'PARSING', dump }) },
      PARSING: {
        name: 'Parse',
        run: async () => {
          throw new StageError('parse', 'timeout', 'gdb took longer than 5 s', true);
        },
      },
    };
    const outcome = await runJob(start(), stages, { save, log: new MemoryLogger() });
    expect(outcome.failure?.message).toBe('gdb took longer than 5 s');
    const state = outcome.record.state;
    expect(state.status).toBe('FAILED');
    if (state.status !== 'FAILED') throw new Error('unreachable');
    expect(state.error).toEqual({ stage: 'parse', kind: 'timeout', message: 'gdb took longer than 5 s', retryable: true });
    expect(state.resumeFrom.status).toBe('PARSING');
    expect(saved.at(-1)?.state.status).toBe('FAILED');
  });

  it('turns a thrown non-Error into an internal failure', async () => {
    const stages: AnyRoute = {
      CRASH_DETECTED: {
        name: 'Identify',
        run: async () => {
          throw { weird: true } as unknown as Error;
        },
      },
    };
    const outcome = await runJob(start(), stages, { save: async () => undefined, log: new MemoryLogger() });
    expect(outcome.failure?.kind).toBe('internal');
    expect(outcome.failure?.message).toContain('{"weird":true}');
  });

  it('refuses an illegal transition', async () => {
    const stages: AnyRoute = {
      CRASH_DETECTED: { name: 'Identify', run: async () => ({ status: 'CRASH_DETECTED', input }) },
    };
    const outcome = await runJob(start(), stages, { save: async () => undefined, log: new MemoryLogger() });
    expect(outcome.failure?.message).toBe('Illegal pipeline transition CRASH_DETECTED → CRASH_DETECTED');
  });

  it('resumes a failed job from the state its failing stage started from', async () => {
    const failed: JobRecord = {
      ...start(),
      state: { status: 'FAILED', error: { stage: 'parse', kind: 'timeout', message: 'slow', retryable: true }, resumeFrom: { status: 'PARSING', dump } },
    };
    const ran: string[] = [];
    const stages: AnyRoute = {
      CRASH_DETECTED: { name: 'Identify', run: async () => (ran.push('identify'), { status: 'PARSING', dump }) },
      PARSING: { name: 'Parse', run: async (s) => (ran.push('parse'), { status: 'FAILED', error: { stage: 'x', kind: 'x', message: 'x', retryable: false }, resumeFrom: s }) },
    };
    const log = new MemoryLogger();
    await runJob(failed, stages, { save: async () => undefined, log });
    expect(ran).toEqual(['parse']);
    expect(log.lines[0]).toContain('Resuming job 0123456789abcdef at PARSING');
  });

  it('saves a checkpoint within a stage, and a failure after it resumes from the checkpoint', async () => {
    const { saved, save } = collector();
    const parsing = { status: 'PARSING' as const, dump };
    const progressed = { ...parsing, dump: { ...dump, executable: '/d/exe-checkpointed' } };
    const stages: AnyRoute = {
      PARSING: {
        name: 'Parse',
        run: async (_s, checkpoint) => {
          await checkpoint(progressed);
          throw new StageError('parse', 'network', 'the connection dropped', true);
        },
      },
    };
    const outcome = await runJob({ ...start(), state: parsing }, stages, { save, log: new MemoryLogger() });
    expect(saved.map((r) => r.state.status)).toEqual(['PARSING', 'FAILED']);
    expect(saved[0]?.state).toEqual(progressed);
    const state = outcome.record.state;
    if (state.status !== 'FAILED') throw new Error('expected FAILED');
    expect(state.resumeFrom).toEqual(progressed);
  });

  it('refuses a checkpoint that changes the status', async () => {
    const stages: AnyRoute = {
      CRASH_DETECTED: { name: 'Identify', run: async (_s, checkpoint) => (await checkpoint({ status: 'PARSING', dump } as never), { status: 'PARSING', dump }) },
    };
    const outcome = await runJob(start(), stages, { save: async () => undefined, log: new MemoryLogger() });
    expect(outcome.failure).toMatchObject({ kind: 'internal', message: 'A checkpoint of CRASH_DETECTED cannot hold PARSING' });
  });

  it('stops without work when no stage is registered for the state', async () => {
    const { saved, save } = collector();
    const outcome = await runJob(start(), {}, { save, log: new MemoryLogger() });
    expect(outcome.record.state.status).toBe('CRASH_DETECTED');
    expect(saved).toHaveLength(0);
  });

  it('stops at a rest entry with its reason, saving nothing', async () => {
    const log = new MemoryLogger();
    const { saved, save } = collector();
    const route: AnyRoute = {
      CRASH_DETECTED: { name: 'Identify', run: async () => ({ status: 'PARSING', dump }) },
      PARSING: { rest: 'No debugger today' },
    };
    const outcome = await runJob(start(), route, { save, log });
    expect(outcome.record.state.status).toBe('PARSING');
    expect(log.lines).toContain('No debugger today');
    expect(saved.map((r) => r.state.status)).toEqual(['PARSING']);
  });
});
