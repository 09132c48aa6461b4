import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPeIdentity } from '../../../src/adapters/pe/pe-identity.js';
import type { ModuleBuild } from '../../../src/intake/build-identity.js';
import { findBuild, findDumpBuild } from '../../../src/intake/find-build.js';
import { corpusFolder } from '../../fixtures/corpus.js';
import { buildPe, type BuiltPe } from '../../fixtures/pe-fixture.js';

let work: string;
let dir: string;
let one: BuiltPe;
let two: BuiltPe;
/** release-1 and release-2 as a minidump's module list names them. */
let wantOne: ModuleBuild;
let wantTwo: ModuleBuild;

async function moduleOf(built: BuiltPe): Promise<ModuleBuild> {
  const pe = await readPeIdentity(built.exe);
  return { name: 'game.exe', path: 'C:\\games\\game.exe', imageKey: pe.imageKey, pdb: { name: 'game.pdb', key: pe.pdbKey! }, buildId: null };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'find-build-'));
  [one, two] = await Promise.all([buildPe('release-1'), buildPe('release-2')]);
  [wantOne, wantTwo] = await Promise.all([moduleOf(one), moduleOf(two)]);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
let n = 0;
beforeEach(async () => {
  dir = path.join(work, `case-${n++}`);
  await mkdir(dir);
});

async function put(source: string, ...segments: string[]): Promise<string> {
  const target = path.join(dir, ...segments);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(source, target);
  return target;
}

/** A Microsoft symbol store holding both releases, as symstore lays one out. */
async function store(root: string, lowerKeys = false): Promise<void> {
  for (const [built, want] of [
    [one, wantOne],
    [two, wantTwo],
  ] as const) {
    const key = (k: string): string => (lowerKeys ? k.toLowerCase() : k);
    await put(built.exe, root, 'game.exe', key(want.imageKey!), 'game.exe');
    await put(built.pdb, root, 'game.pdb', key(want.pdb!.key), 'game.pdb');
  }
}

describe('findBuild for a Windows module', () => {
  it('takes the executable and PDB from a symbol store by their keys, without walking it', async () => {
    await store('syms');
    const found = await findBuild(wantOne, [path.join(dir, 'syms')]);
    expect(found).toEqual({
      executable: path.join(dir, 'syms', 'game.exe', wantOne.imageKey!, 'game.exe'),
      symbols: path.join(dir, 'syms', 'game.pdb', wantOne.pdb!.key, 'game.pdb'),
      searched: [`${path.join(dir, 'syms')} (symbol-store paths)`],
      missing: [],
    });
    expect((await findBuild(wantTwo, [path.join(dir, 'syms')])).executable).toBe(path.join(dir, 'syms', 'game.exe', wantTwo.imageKey!, 'game.exe'));
  });

  it('matches store keys and names whatever their case, as stores copied from Windows have them', async () => {
    await store('Symbols', true);
    const upper = { ...wantOne, name: 'GAME.EXE', pdb: { name: 'Game.pdb', key: wantOne.pdb!.key } };
    const found = await findBuild(upper, [path.join(dir, 'Symbols')]);
    expect(found.executable).toBe(path.join(dir, 'Symbols', 'game.exe', wantOne.imageKey!.toLowerCase(), 'game.exe'));
    expect(found.symbols).toBe(path.join(dir, 'Symbols', 'game.pdb', wantOne.pdb!.key.toLowerCase(), 'game.pdb'));
  });

  it('reads a two-tier store (index2.txt)', async () => {
    await writeFile(path.join(dir, 'index2.txt'), '');
    await put(one.exe, 'ga', 'game.exe', wantOne.imageKey!, 'game.exe');
    await put(one.pdb, 'ga', 'game.pdb', wantOne.pdb!.key, 'game.pdb');
    const found = await findBuild(wantOne, [dir]);
    expect(found.executable).toBe(path.join(dir, 'ga', 'game.exe', wantOne.imageKey!, 'game.exe'));
    expect(found.symbols).toBe(path.join(dir, 'ga', 'game.pdb', wantOne.pdb!.key, 'game.pdb'));
  });

  it('finds the right build in a folder of builds, past a shallower one of the same names', async () => {
    await put(two.exe, 'builds', 'game.exe');
    await put(two.pdb, 'builds', 'game.pdb');
    const exe = await put(one.exe, 'builds', 'nightly', '2024-06-02', 'bin', 'game.exe');
    const pdb = await put(one.pdb, 'builds', 'nightly', '2024-06-02', 'pdb', 'GAME.PDB');
    const found = await findBuild(wantOne, [path.join(dir, 'missing'), path.join(dir, 'builds')]);
    expect(found.executable).toBe(exe);
    expect(found.symbols).toBe(pdb);
    expect(found.searched).toEqual([
      `${path.join(dir, 'missing')} (not readable: no such file or folder)`,
      `${path.join(dir, 'builds')} (symbol-store paths, 8 entries in 5 folders up to 8 deep, by name)`,
    ]);
    expect((await findBuild(wantTwo, [path.join(dir, 'builds')])).executable).toBe(path.join(dir, 'builds', 'game.exe'));
  });

  it('says which build it wanted, where it looked and what it found instead when the build is not there', async () => {
    await put(two.exe, 'builds', 'v2', 'game.exe');
    await put(two.pdb, 'builds', 'v2', 'game.pdb');
    await put(two.exe, 'syms', 'game.exe', wantOne.imageKey!, 'game.exe'); // a store entry under the wrong key
    const builds = path.join(dir, 'builds');
    const syms = path.join(dir, 'syms');
    const error = (await findBuild(wantOne, [syms, builds]).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'bad-input' });
    expect(error.message).toBe(
      [
        `No game.exe or game.pdb of the build the dump names was found: wanted game.exe (image key ${wantOne.imageKey}, game.pdb ${wantOne.pdb!.key})`,
        `looked in ${syms} (symbol-store paths, 3 entries in 3 folders up to 8 deep, by name), ${builds} (symbol-store paths, 3 entries in 2 folders up to 8 deep, by name)`,
        `of that name but not this build: ${path.join(syms, 'game.exe', wantOne.imageKey!, 'game.exe')}: another build (image key ${wantTwo.imageKey}), ${path.join(builds, 'v2', 'game.exe')}: another build (image key ${wantTwo.imageKey}), ${path.join(builds, 'v2', 'game.pdb')}: another build (PDB key ${wantTwo.pdb!.key})`,
        "add the folder that holds this build's files to 'symbols'",
      ].join('; '),
    );
  });

  it('says so when no location is given', async () => {
    await expect(findBuild(wantOne, [])).rejects.toThrow(/wanted game\.exe \(image key [0-9A-F]{8}[0-9a-f]+, game\.pdb [0-9A-F]+\); no 'symbols' location was given;/);
  });

  it('tells apart two links with the same image key by the PDB GUID in the image', async () => {
    // release-2's image made to carry release-1's TimeDateStamp and SizeOfImage, as two links in one second could.
    const bytes = await readFile(two.exe);
    const peAt = bytes.readUInt32LE(0x3c);
    const mine = await readFile(one.exe);
    mine.copy(bytes, peAt + 8, mine.readUInt32LE(0x3c) + 8, mine.readUInt32LE(0x3c) + 12);
    mine.copy(bytes, peAt + 24 + 56, mine.readUInt32LE(0x3c) + 24 + 56, mine.readUInt32LE(0x3c) + 24 + 60);
    await mkdir(path.join(dir, 'twin'));
    await writeFile(path.join(dir, 'twin', 'game.exe'), bytes);
    expect((await readPeIdentity(path.join(dir, 'twin', 'game.exe'))).imageKey).toBe(wantOne.imageKey);
    await expect(findBuild(wantOne, [dir])).rejects.toThrow(`twin/game.exe: another build (PDB key ${wantTwo.pdb!.key})`);
  });

  it('returns the executable and names the PDB it did not find', async () => {
    const exe = await put(one.exe, 'drop', 'game.exe');
    const found = await findBuild(wantOne, [path.join(dir, 'drop')]);
    expect(found).toMatchObject({ executable: exe, symbols: null, missing: [`game.pdb ${wantOne.pdb!.key} was not found in ${path.join(dir, 'drop')}`] });
  });

  it('checks a location that is a file itself', async () => {
    const pdb = await put(one.pdb, 'game.pdb');
    expect(await findBuild(wantOne, [pdb])).toMatchObject({ executable: null, symbols: pdb, searched: [`${pdb} (a file, checked itself)`] });
    await expect(findBuild(wantTwo, [pdb])).rejects.toThrow(`${pdb}: another build (PDB key ${wantOne.pdb!.key})`);
  });

  it('says what to do with a compressed store entry', async () => {
    await mkdir(path.join(dir, 'game.pdb', wantOne.pdb!.key), { recursive: true });
    await writeFile(path.join(dir, 'game.pdb', wantOne.pdb!.key, 'game.pd_'), 'MSCF');
    await expect(findBuild(wantOne, [dir])).rejects.toThrow(`${path.join(dir, 'game.pdb', wantOne.pdb!.key, 'game.pd_')} is compressed; expand it (cabextract or expand.exe) beside it`);
  });

  it('stays within its depth and entry limits and says where it stopped', async () => {
    await put(one.exe, 'a', 'b', 'c', 'game.exe');
    await expect(findBuild(wantOne, [dir], { limits: { maxDepth: 1, maxEntries: 100 } })).rejects.toThrow('1 folder 2 levels deep not entered');
    for (let i = 0; i < 30; i++) await writeFile(path.join(dir, `note-${String(i).padStart(2, '0')}.txt`), '');
    await expect(findBuild(wantOne, [dir], { limits: { maxDepth: 8, maxEntries: 20 } })).rejects.toThrow('stopped after 20 entries');
    expect((await findBuild(wantOne, [dir], { limits: { maxDepth: 8, maxEntries: 100 } })).executable).toBe(path.join(dir, 'a', 'b', 'c', 'game.exe'));
  });

  it('turns down files of the right name that are not PE images or PDBs', async () => {
    await writeFile(path.join(dir, 'game.exe'), 'MZ but nothing else');
    await writeFile(path.join(dir, 'game.pdb'), Buffer.alloc(100));
    await expect(findBuild(wantOne, [dir])).rejects.toThrow(
      `of that name but not this build: ${path.join(dir, 'game.exe')}: unreadable: is 19 bytes, too short for a PE image, ${path.join(dir, 'game.pdb')}: unreadable: is not a PDB (it does not start with the MSF 7.00 signature);`,
    );
  });

  it('refuses a module whose dump records no build id', async () => {
    await expect(findBuild({ name: 'crash', path: '/x/crash', imageKey: null, pdb: null, buildId: null }, [dir])).rejects.toThrow(
      "The dump records no build id for crash, so its build cannot be told from another of the same name; pass 'executable' and 'symbols' for it directly",
    );
  });
});

const corpus = corpusFolder('minidump');
corpus.describe('findDumpBuild for a corpus minidump', () => {
  corpus.it("looks up the dump's program by its keys and names them when the store holds another build", async () => {
    const dmp = corpus.file('breakpad-minidump2.dmp');
    const stored = await put(one.exe, 'syms', 'test_app.exe', '45D35F6C2d000', 'test_app.exe');
    const error = (await findDumpBuild(dmp, [path.join(dir, 'syms')]).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(
      `No test_app.exe or test_app.pdb of the build ${dmp} names was found: wanted test_app.exe (image key 45D35F6C2d000, test_app.pdb 5A9832E5287241C1838ED98914E9B7FF1); looked in ${path.join(dir, 'syms')} (symbol-store paths, `,
    );
    expect(error.message).toContain(`; of that name but not this build: ${stored}: another build (image key ${wantOne.imageKey});`);
  });
});
