import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCoreModules, readCoreProgram, readExecutableBuildId } from '../../../../src/adapters/elf/elf-build-id.js';
import { writeFakeCore, writeFakeExecutable } from '../../../fakes/gdb-fake-elf.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'elf-build-id-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readExecutableBuildId', () => {
  it('reads the GNU build id note', async () => {
    const exe = path.join(dir, 'worldserver');
    await writeFakeExecutable(exe, '5536f86333057a031127e4ec79c2228eb3a9ca91');
    expect(await readExecutableBuildId(exe)).toBe('5536f86333057a031127e4ec79c2228eb3a9ca91');
  });

  it('gives null for a file that is not ELF', async () => {
    const text = path.join(dir, 'notes.txt');
    await writeFile(text, 'just text, long enough to look like a header of something else entirely\n');
    expect(await readExecutableBuildId(text)).toBeNull();
  });
});

describe('readCoreProgram', () => {
  it('finds the program by AT_ENTRY in NT_FILE and reads the build id from its dumped first page', async () => {
    const core = path.join(dir, 'core');
    await writeFakeCore(core, { programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
    expect(await readCoreProgram(core)).toEqual({ path: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
  });

  it('lists the mapped files with their build ids, the program first', async () => {
    const core = path.join(dir, 'core.modules');
    await writeFakeCore(core, { programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
    expect(await readCoreModules(core)).toEqual([{ path: '/srv/build/worldserver', buildId: 'aabbccdd00112233', base: expect.any(BigInt) as unknown, isProgram: true }]);
  });

  it('names the program with a null build id when its first page has none', async () => {
    const core = path.join(dir, 'core.noid');
    await writeFakeCore(core, { programPath: '/srv/build/worldserver', buildId: null });
    expect(await readCoreProgram(core)).toEqual({ path: '/srv/build/worldserver', buildId: null });
  });

  it('gives null for an executable, which has no core notes', async () => {
    const exe = path.join(dir, 'plain');
    await writeFakeExecutable(exe, '0102');
    expect(await readCoreProgram(exe)).toBeNull();
  });

  it('gives null for a core whose program headers are too short to read, instead of a RangeError', async () => {
    const core = path.join(dir, 'core.short-phdr');
    await writeFakeCore(core, { programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
    const bytes = await readFile(core);
    bytes.writeUInt16LE(8, 54); // e_phentsize
    await writeFile(core, bytes);
    expect(await readCoreProgram(core)).toBeNull();
  });

  it('reads no more than the file holds when a note segment claims to be huge', async () => {
    const core = path.join(dir, 'core.huge-note');
    await writeFakeCore(core, { programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
    const bytes = await readFile(core);
    bytes.writeBigUInt64LE(60n * 1024n * 1024n, 64 + 32); // the PT_NOTE's p_filesz, under the 64 MiB note limit
    await writeFile(core, bytes);
    const before = process.memoryUsage().arrayBuffers;
    expect(await readCoreProgram(core)).toEqual({ path: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('stops at a note whose name size is 2^31 or more instead of walking backwards', async () => {
    const core = path.join(dir, 'core.huge-namesz');
    await writeFakeCore(core, { programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
    const bytes = await readFile(core);
    const notesAt = Number(bytes.readBigUInt64LE(64 + 8));
    bytes.writeUInt32LE(0x80000000, notesAt); // namesz of the first note
    await writeFile(core, bytes);
    expect(await readCoreProgram(core)).toBeNull();
  });
});
