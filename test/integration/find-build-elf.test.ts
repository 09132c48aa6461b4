import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExecutableBuildId } from '../../src/adapters/elf/elf-build-id.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { readDumpBuild, type DumpBuild } from '../../src/intake/build-identity.js';
import { findBuild, findDumpBuild } from '../../src/intake/find-build.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';

/**
 * Two real builds of the mini-server, both called `worldserver` (the second
 * compiled from shifted sources), and a real core of the first: the core must
 * lead to its own build and never to the other.
 */
const runner = new NodeProcessRunner(process.env);
let base: BuiltFixture;
let shifted: BuiltFixture;
let baseId: string;
let shiftedId: string;
let work: string;
let dump: DumpBuild;

beforeAll(async () => {
  [base, shifted] = await Promise.all([buildFixture(), buildFixture({ shift: true })]);
  work = await mkdtemp(path.join(os.tmpdir(), 'find-build-elf-'));
  const core = await produceCore(base.executable, 'null-read', { workDir: work });
  dump = await readDumpBuild(core);
  baseId = (await readExecutableBuildId(base.executable))!;
  shiftedId = (await readExecutableBuildId(shifted.executable))!;
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function put(source: string, ...segments: string[]): Promise<string> {
  const target = path.join(work, ...segments);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(source, target);
  return target;
}

describe('the build an ELF core names', () => {
  it("is its program's build id, read from the core; its libraries come with theirs", async () => {
    expect(baseId).toMatch(/^[0-9a-f]{40}$/);
    expect(shiftedId).not.toBe(baseId);
    expect(dump.kind).toBe('elf-core');
    expect(dump.program).toEqual({ name: 'worldserver', path: base.executable, imageKey: null, pdb: null, buildId: baseId });
    const libc = dump.modules.find((m) => /^libc\.so/.test(m.name));
    expect(libc?.buildId).toBe(await readExecutableBuildId(libc!.path));
  });
});

describe('findBuild for an ELF core', () => {
  it('takes the program and its debug file from a .build-id tree, given its parent or the tree itself', async () => {
    const tree = path.join(work, 'debug', '.build-id', baseId.slice(0, 2));
    await mkdir(tree, { recursive: true });
    await symlink(base.executable, path.join(tree, baseId.slice(2)));
    const debug = path.join(tree, `${baseId.slice(2)}.debug`);
    const objcopy = await runner.run('objcopy', ['--only-keep-debug', base.executable, debug]);
    expect(objcopy.exitCode).toBe(0);
    const expected = { executable: path.join(tree, baseId.slice(2)), symbols: debug, missing: [] };
    expect(await findBuild(dump.program!, [path.join(work, 'debug')])).toEqual({ ...expected, searched: [`${path.join(work, 'debug')} (.build-id tree)`] });
    expect(await findBuild(dump.program!, [path.join(work, 'debug', '.build-id')])).toMatchObject(expected);
  });

  it('takes the right one of two builds of the same name from a folder of builds', async () => {
    await put(shifted.executable, 'builds', 'a-shifted', 'worldserver');
    const right = await put(base.executable, 'builds', 'b-base', 'worldserver');
    const found = await findDumpBuild(dump.dump, [path.join(work, 'builds')]);
    expect(found).toMatchObject({ build: dump, executable: right, symbols: null, missing: [] });
  });

  it('names the build id it wanted, where it looked, and the other build it saw', async () => {
    const only = path.join(work, 'only-shifted');
    const decoy = await put(shifted.executable, 'only-shifted', 'worldserver');
    await expect(findDumpBuild(dump.dump, [only])).rejects.toThrow(
      `No worldserver of the build ${dump.dump} names was found: wanted worldserver (build id ${baseId}); looked in ${only} (.build-id tree, 1 entry in 1 folder up to 8 deep, by name); of that name but not this build: ${decoy}: another build (build id ${shiftedId}); add the folder that holds this build's files to 'symbols'`,
    );
  });
});
