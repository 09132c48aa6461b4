import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';
import { readPdbIdentity } from '../../../../src/adapters/pe/pdb-identity.js';
import { readPeIdentity } from '../../../../src/adapters/pe/pe-identity.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { buildPe, type BuiltPe } from '../../../fixtures/pe-fixture.js';
import { Random, mutateBytes } from '../../../fixtures/seeded-mutator.js';

let dir: string;
let one: BuiltPe;
let two: BuiltPe;
let exe: Buffer;
/** Offsets in game.exe that the damage tests aim at. */
let peAt: number;
let debugDirectoryAt: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pe-identity-'));
  [one, two] = await Promise.all([buildPe('release-1'), buildPe('release-2')]);
  exe = await readFile(one.exe);
  peAt = exe.readUInt32LE(0x3c);
  debugDirectoryAt = peAt + 24 + 112 + 6 * 8; // PE32+ data directories start 112 bytes into the optional header
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function damaged(name: string, edit: (b: Buffer) => Buffer | void): Promise<string> {
  const copy = Buffer.from(exe);
  const file = path.join(dir, name);
  await writeFile(file, edit(copy) ?? copy);
  return file;
}

/** What mingw's own objdump says about the image: an independent reader of the same headers. */
async function objdump(file: string): Promise<{ time: number; sizeOfImage: number; rsds: string; age: number; pdb: string }> {
  const { stdout } = await new NodeProcessRunner(process.env).run('x86_64-w64-mingw32-objdump', ['-p', file]);
  const time = /^Time\/Date\s+(.+)$/m.exec(stdout)?.[1] ?? '';
  const rsds = /format RSDS signature ([0-9a-f]{32}) age (\d+) pdb (\S+)\)/.exec(stdout);
  return {
    time: Date.parse(time) / 1000,
    sizeOfImage: parseInt(/^SizeOfImage\s+([0-9a-f]+)$/m.exec(stdout)?.[1] ?? 'x', 16),
    rsds: rsds?.[1] ?? '',
    age: Number(rsds?.[2]),
    pdb: rsds?.[3] ?? '',
  };
}

describe('readPeIdentity on images linked by mingw-w64', () => {
  it('reads the header fields and the RSDS record as objdump does, and keys them as a symbol store', async () => {
    const id = await readPeIdentity(one.exe);
    const seen = await objdump(one.exe);
    expect(id.machine).toBe(0x8664);
    expect(id.timeDateStamp).toBe(seen.time);
    expect(id.sizeOfImage).toBe(seen.sizeOfImage);
    expect(id.codeView).toEqual({ guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) as unknown, age: seen.age, pdbName: 'game.pdb' });
    expect(id.codeView?.guid.replace(/-/g, '')).toBe(seen.rsds);
    expect(id.imageKey).toBe(`${seen.time.toString(16).toUpperCase().padStart(8, '0')}${seen.sizeOfImage.toString(16)}`);
    expect(id.pdbKey).toBe(`${seen.rsds.toUpperCase()}${seen.age}`);
  });

  it('reads the same GUID and age from the PDB the linker wrote beside it', async () => {
    const [pe, pdb] = await Promise.all([readPeIdentity(one.exe), readPdbIdentity(one.pdb)]);
    expect(pdb.guid).toBe(pe.codeView?.guid);
    expect(pdb.age).toBe(pe.codeView?.age);
    expect(pdb.key).toBe(pe.pdbKey);
  });

  it('tells two builds of the same names apart by both keys', async () => {
    const [a, b] = await Promise.all([readPeIdentity(one.exe), readPeIdentity(two.exe)]);
    const [pa, pb] = await Promise.all([readPdbIdentity(one.pdb), readPdbIdentity(two.pdb)]);
    expect(a.imageKey).not.toBe(b.imageKey);
    expect(a.pdbKey).not.toBe(b.pdbKey);
    expect(pa.key).toBe(a.pdbKey);
    expect(pb.key).toBe(b.pdbKey);
  });

  it('gives a null CodeView for an image without a debug directory, and still its image key', async () => {
    const file = await damaged('no-debug.exe', (b) => void b.writeBigUInt64LE(0n, debugDirectoryAt));
    const id = await readPeIdentity(file);
    expect(id.codeView).toBeNull();
    expect(id.pdbKey).toBeNull();
    expect(id.imageKey).toBe((await readPeIdentity(one.exe)).imageKey);
  });
});

describe('readPeIdentity on files that are not a sound PE image', () => {
  const cases: [string, (b: Buffer) => Buffer | void, RegExp][] = [
    ['an ELF file', () => Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(200)]), /is not a Windows executable \(it starts with bytes 7f454c46, not "MZ"\)/],
    ['a file of 10 bytes', (b) => b.subarray(0, 10), /is 10 bytes, too short for a PE image/],
    ['a DOS stub without PE header', (b) => void b.write('NE\0\0', peAt, 'latin1'), /is a DOS program without a PE header/],
    ['e_lfanew past the end', (b) => void b.writeUInt32LE(0xfffffff0, 0x3c), /damaged or truncated: the PE header \(24 bytes at offset 4294967280\) lies past the end/],
    ['65535 sections', (b) => void b.writeUInt16LE(0xffff, peAt + 6), /its header claims 65535 sections \(at most 96\)/],
    ['an optional header of the wrong magic', (b) => void b.writeUInt16LE(0x107, peAt + 24), /optional header has magic 0x107, not PE32 or PE32\+/],
    ['a debug directory of 150 million entries', (b) => void b.writeUInt32LE(0xfffffff0, debugDirectoryAt + 4), /debug directory claims 153391688 entries \(at most 64\)/],
    ['a debug directory outside every section', (b) => void b.writeUInt32LE(0x7fff0000, debugDirectoryAt), /debug directory \(RVA 0x7fff0000\) lies in no section/],
    ['the file cut inside the section table', (b) => b.subarray(0, peAt + 24 + 240 + 60), /the section table \(\d+ bytes at offset \d+\) lies past the end/],
  ];
  for (const [name, edit, message] of cases) {
    it(`refuses ${name} with one bad-input line`, async () => {
      const file = await damaged(`${name.replace(/\W+/g, '-')}.exe`, edit);
      const before = process.memoryUsage().arrayBuffers;
      const error = await readPeIdentity(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrashAutofixError);
      expect((error as CrashAutofixError).kind).toBe('bad-input');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).not.toContain('\n');
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
    });
  }

  it('names a folder as a folder', async () => {
    await expect(readPeIdentity(dir)).rejects.toThrow(`Executable ${dir} is a folder; pass the .exe or .dll the build produced`);
  });

  it('ends every cut and every seeded mutation of a real image in an identity or one bad-input line', async () => {
    const rng = new Random(0x9e);
    const inputs = [...Array.from({ length: 40 }, (_, i) => exe.subarray(0, Math.floor((i * exe.length) / 40))), ...Array.from({ length: 150 }, () => mutateBytes(rng, exe))];
    const file = path.join(dir, 'mutant.exe');
    const ends = { identity: 0, refused: 0 };
    for (const input of inputs) {
      await writeFile(file, input);
      const outcome = await readPeIdentity(file).catch((e: unknown) => e);
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(CrashAutofixError);
        expect((outcome as CrashAutofixError).kind).toBe('bad-input');
        expect(outcome.message).not.toMatch(/RangeError|undefined|NaN/);
        ends.refused++;
      } else {
        expect(outcome).toMatchObject({ file, imageKey: expect.stringMatching(/^[0-9A-F]{8}[0-9a-f]+$/) as unknown });
        ends.identity++;
      }
    }
    // Both ends are reached: the mutations hit the headers, and not every change is fatal.
    expect(ends.identity).toBeGreaterThan(10);
    expect(ends.refused).toBeGreaterThan(10);
  });
});

describe('readPdbIdentity on what is not a PDB', () => {
  it('refuses the executable passed as its PDB', async () => {
    await expect(readPdbIdentity(one.exe)).rejects.toThrow(`PDB ${one.exe} is not a PDB (it does not start with the MSF 7.00 signature); pass the .pdb the linker wrote`);
  });

  it('names a PDB 2.00 file for what it is', async () => {
    const file = path.join(dir, 'old.pdb');
    await writeFile(file, Buffer.concat([Buffer.from('Microsoft C/C++ program database 2.00\r\n\x1aJG\0\0', 'latin1'), Buffer.alloc(64)]));
    await expect(readPdbIdentity(file)).rejects.toThrow('is a PDB 2.00 file (Visual C++ 6 and older); crash-autofix reads PDB 7.00 files');
  });

  it('ends every cut and every seeded mutation of a real PDB in an identity or one bad-input line', async () => {
    const pdb = await readFile(one.pdb);
    const copy = path.join(dir, 'copy.pdb');
    await copyFile(one.pdb, copy);
    const rng = new Random(0xdb);
    const ends = { identity: 0, refused: 0 };
    const inputs = [...Array.from({ length: 40 }, (_, i) => pdb.subarray(0, Math.floor((i * pdb.length) / 40))), ...Array.from({ length: 150 }, () => mutateBytes(rng, pdb))];
    for (const input of inputs) {
      await writeFile(copy, input);
      const outcome = await readPdbIdentity(copy).catch((e: unknown) => e);
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(CrashAutofixError);
        expect(outcome.message).toMatch(/^PDB .* (is|was)/);
        expect(outcome.message).not.toMatch(/RangeError|undefined|NaN/);
        ends.refused++;
      } else {
        expect(outcome).toMatchObject({ key: expect.stringMatching(/^[0-9A-F]{33,40}$/) as unknown });
        ends.identity++;
      }
    }
    expect(ends.identity).toBeGreaterThan(10);
    expect(ends.refused).toBeGreaterThan(10);
  });
});
