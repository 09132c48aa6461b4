import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderJobStore } from '../../../src/pipeline/folder-job-store.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';

const input = { path: '/d/core', kind: 'dump' as const, fingerprint: 'b'.repeat(64), sizeBytes: 1, executable: null };

describe('FolderJobStore', () => {
  it('saves and loads a record, leaving no temp files', async () => {
    const store = new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'store-')));
    const record = newJobRecord('00000000000000ff', { status: 'CRASH_DETECTED', input }, new Date());
    await store.save(record);
    expect(await store.load('00000000000000ff')).toEqual(record);
    expect(await readdir(store.jobDir('00000000000000ff'))).toEqual(['job.json']);
  });

  it('returns null for an unknown job', async () => {
    const store = new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'store-')));
    expect(await store.load('0000000000000000')).toBeNull();
  });

  it('refuses a record from another schema version with a way out', async () => {
    const store = new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'store-')));
    await mkdir(store.jobDir('0000000000000001'), { recursive: true });
    await writeFile(store.recordPath('0000000000000001'), JSON.stringify({ schemaVersion: 7 }));
    await expect(store.load('0000000000000001')).rejects.toThrow(/schema version 7, this crash-autofix reads 1; upgrade crash-autofix or run with --fresh/);
  });

  it('refuses a damaged record', async () => {
    const store = new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'store-')));
    await mkdir(store.jobDir('0000000000000002'), { recursive: true });
    await writeFile(store.recordPath('0000000000000002'), '{"schemaVersion":1,"jobId":"0000000000000002"');
    await expect(store.load('0000000000000002')).rejects.toThrow(/is not valid JSON/);
    await writeFile(store.recordPath('0000000000000002'), JSON.stringify({ schemaVersion: 1, jobId: '0000000000000002', state: { status: 'NOPE' } }));
    await expect(store.load('0000000000000002')).rejects.toThrow(/is damaged/);
    expect(await readFile(store.recordPath('0000000000000002'), 'utf8')).toContain('NOPE');
  });
});
