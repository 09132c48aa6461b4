import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCoreProgram, readExecutableBuildId } from '../../../../src/debuggers/gdb/elf-build-id.js';
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
});
