import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPeIdentity } from '../../../src/adapters/pe/pe-identity.js';
import type { ModuleBuild } from '../../../src/intake/build-identity.js';
import { matchExecutable } from '../../../src/intake/match-executable.js';
import { buildPe, type BuiltPe } from '../../fixtures/pe-fixture.js';

let work: string;
let one: BuiltPe;
let two: BuiltPe;
let wantOne: ModuleBuild;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'match-exe-'));
  [one, two] = await Promise.all([buildPe('release-1'), buildPe('release-2')]);
  const pe = await readPeIdentity(one.exe);
  wantOne = { name: 'game.exe', path: 'C:\\games\\game.exe', imageKey: pe.imageKey, pdb: { name: 'game.pdb', key: pe.pdbKey ?? '' }, buildId: null };
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('matchExecutable', () => {
  it("tells a Windows image of the dump's build from another build by its image key", async () => {
    expect(await matchExecutable(wantOne, one.exe)).toEqual({ kind: 'same' });
    const other = await readPeIdentity(two.exe);
    expect(await matchExecutable(wantOne, two.exe)).toEqual({ kind: 'other', id: `image key ${other.imageKey}` });
  });

  it('tells the same image key linked against another PDB apart', async () => {
    const samePe = { ...wantOne, pdb: { name: 'game.pdb', key: '0123456789ABCDEF0123456789ABCDEF1' } };
    expect(await matchExecutable(samePe, one.exe)).toMatchObject({ kind: 'other', id: expect.stringMatching(/^PDB key /) as string });
  });

  it('says unknown, never other, when either side has no readable id', async () => {
    const text = path.join(work, 'game.exe');
    await writeFile(text, 'not an executable');
    expect(await matchExecutable(wantOne, text)).toEqual({ kind: 'unknown' });
    expect(await matchExecutable(wantOne, path.join(work, 'missing.exe'))).toEqual({ kind: 'unknown' });
    expect(await matchExecutable({ ...wantOne, imageKey: null, pdb: null }, two.exe)).toEqual({ kind: 'unknown' });
    expect(await matchExecutable({ ...wantOne, imageKey: null, pdb: null, buildId: 'ab'.repeat(20) }, text)).toEqual({ kind: 'unknown' });
  });
});
