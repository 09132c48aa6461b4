import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModuleBuild, readDumpBuild } from '../../../src/intake/build-identity.js';
import { findDumpBuild } from '../../../src/intake/find-build.js';
import { fakeCoreImage } from '../../fakes/gdb-fake-elf.js';
import { corpusFolder } from '../../fixtures/corpus.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'build-identity-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readDumpBuild on ELF cores', () => {
  it("gives the program's path and build id from the core's notes and dumped first page", async () => {
    const core = path.join(dir, 'core');
    await writeFile(core, fakeCoreImage({ programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' }));
    const build = await readDumpBuild(core);
    const program = { name: 'worldserver', path: '/srv/build/worldserver', imageKey: null, pdb: null, buildId: 'aabbccdd00112233' };
    expect(build).toEqual({ dump: core, kind: 'elf-core', program, modules: [program] });
  });

  it('has no program for a core whose auxiliary vector lacks AT_ENTRY, and findDumpBuild says so', async () => {
    const bytes = fakeCoreImage({ programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' });
    const auxv = bytes.indexOf(Buffer.from('CORE\0'));
    bytes.writeBigUInt64LE(0x1234n, bytes.indexOf(Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]), auxv)); // AT_ENTRY -> an unknown tag
    const core = path.join(dir, 'core.no-entry');
    await writeFile(core, bytes);
    expect((await readDumpBuild(core)).program).toBeNull();
    await expect(findDumpBuild(core, [dir])).rejects.toThrow(
      `Dump ${core} does not say which of its modules is the program, so its build cannot be looked up; pass 'executable' and 'symbols' for it directly`,
    );
  });
});

const corpus = corpusFolder('minidump');

interface StackwalkModule {
  filename: string;
  base_addr: string;
  code_id: string | null;
  debug_file: string | null;
  debug_id: string | null;
}

/** rust-minidump's minidump-stackwalk output shipped with the corpus: an independent reader of the same module lists. */
function stackwalkModules(slug: string): { main: number; modules: StackwalkModule[] } {
  const text = readFileSync(corpus.file(`${slug}.rust-stackwalk-json-pretty.txt`), 'utf8');
  const json = JSON.parse(text.slice(text.indexOf('{'))) as { main_module: number; modules: StackwalkModule[] };
  return { main: json.main_module, modules: json.modules };
}

corpus.describe('readDumpBuild on the shared minidump corpus', () => {
  corpus.it('keys every Windows module as minidump-stackwalk does: code id (image key) and debug id (PDB key)', async () => {
    const build = await readDumpBuild(corpus.file('breakpad-minidump2.dmp'));
    const walked = stackwalkModules('breakpad-minidump2');
    expect(build.kind).toBe('minidump');
    expect(build.program).toEqual({
      name: 'test_app.exe',
      path: 'c:\\test_app.exe',
      imageKey: '45D35F6C2d000',
      pdb: { name: 'test_app.pdb', key: '5A9832E5287241C1838ED98914E9B7FF1' },
      buildId: null,
    });
    expect(walked.modules[walked.main]?.filename).toBe('test_app.exe');
    expect(build.modules).toHaveLength(walked.modules.length);
    for (const w of walked.modules) {
      const m = build.modules.find((x) => x.name === w.filename);
      expect(m?.imageKey?.toLowerCase(), w.filename).toBe(w.code_id);
      expect(m?.pdb, w.filename).toEqual({ name: w.debug_file, key: w.debug_id });
    }
  });

  corpus.it('gives the ELF build id of every module of a Linux minidump, and no Windows keys', async () => {
    const build = await readDumpBuild(corpus.file('rust-minidump-linux-mini.dmp'));
    const walked = stackwalkModules('rust-minidump-linux-mini');
    expect(build.program).toEqual({ name: 'crash', path: '/work/linux/build/crash', imageKey: null, pdb: null, buildId: 'f1c3bcc0279865fe3058404b2831d9e64135386c' });
    for (const w of walked.modules) {
      const m = build.modules.find((x) => x.name === w.filename);
      expect(m?.buildId, w.filename).toBe(w.code_id);
      expect(m?.imageKey).toBeNull();
    }
  });

  corpus.it('takes the first module as the program in every Windows dump of the corpus', async () => {
    for (const [slug, exe] of [
      ['breakpad-null-read-av', 'crashme.exe'],
      ['breakpad-write-av-non-canonical', 'crash.exe'],
      ['rust-minidump-invalid-parameter', 'CrashTest.exe'],
      ['symbolicator-windows', 'crash.exe'],
    ] as const) {
      const build = await readDumpBuild(corpus.file(`${slug}.dmp`));
      expect(build.program?.name, slug).toBe(exe);
      expect(build.program?.pdb?.name, slug).toBe(exe.replace(/\.exe$/, '.pdb'));
    }
  });

  corpus.it('keys a module without a CodeView record by its image alone', async () => {
    const build = await readDumpBuild(corpus.file('breakpad-thread-name-list.dmp'));
    expect(build.program).toMatchObject({ name: 'allocer32.exe', imageKey: '5F5F2C8817000', pdb: null, buildId: null });
    expect(describeModuleBuild(build.program!)).toBe('allocer32.exe (image key 5F5F2C8817000)');
  });

  corpus.it('names no build for a macOS module, whose UUID no symbol store here keys', async () => {
    const build = await readDumpBuild(corpus.file('symbolicator-macos.dmp'));
    expect(build.program).toMatchObject({ name: 'crash', imageKey: null, pdb: null, buildId: null });
    expect(describeModuleBuild(build.program!)).toBe('crash (no build id recorded)');
  });
});
