import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readMinidump } from '../../../../src/adapters/minidump/read-minidump.js';
import { corpusFolder } from '../../../fixtures/corpus.js';

const corpus = corpusFolder('minidump');

interface StackwalkModule {
  base_addr: string;
  end_addr: string;
  filename: string;
  debug_file: string;
  debug_id: string;
  version: string | null;
}
interface StackwalkFrame {
  offset: string;
  module: string | null;
  module_offset: string | null;
}
interface Stackwalk {
  pid: number;
  modules: StackwalkModule[];
  threads: { thread_id: number; thread_name: string | null; frames: StackwalkFrame[] }[];
  crashing_thread: { thread_id: number };
}

/** rust-minidump's `minidump-stackwalk --json --pretty` snapshot, after its 4-line insta header. */
function stackwalk(slug: string): Stackwalk {
  const text = readFileSync(corpus.file(`${slug}.rust-stackwalk-json-pretty.txt`), 'utf8');
  return JSON.parse(text.split('\n').slice(4).join('\n')) as Stackwalk;
}

const slugs = ['breakpad-minidump2', 'rust-minidump-linux-mini', 'rust-minidump-pipeline-inlines-macos-segv'];

corpus.describe('readMinidump agrees with rust-minidump', () => {
  it.each(slugs)('%s: modules (range, name, debug id, version)', async (slug) => {
    const expected = stackwalk(slug).modules;
    const md = await readMinidump(corpus.file(`${slug}.dmp`));
    expect(md.modules).toHaveLength(expected.length);
    md.modules.forEach((m, i) => {
      const e = expected[i];
      expect(e).toBeDefined();
      if (!e) return;
      expect({ base: m.base, end: m.end, name: m.name, debugId: m.debugId, version: m.version }).toEqual({
        base: BigInt(e.base_addr),
        end: BigInt(e.end_addr),
        name: e.filename,
        debugId: e.debug_id,
        version: e.version,
      });
      // rust-minidump shows the PDB's file name; the record holds the path the linker wrote.
      if (m.codeView?.format === 'pdb70') expect(m.codeView.pdbName.split('\\').pop()).toBe(e.debug_file);
    });
  });

  it.each(slugs)('%s: threads, names and the instruction pointer of each', async (slug) => {
    const walk = stackwalk(slug);
    const md = await readMinidump(corpus.file(`${slug}.dmp`));
    expect(md.threads.map((t) => t.id)).toEqual(walk.threads.map((t) => t.thread_id));
    for (const [i, t] of md.threads.entries()) {
      const e = walk.threads[i];
      if (e?.thread_name) expect(t.name).toBe(e.thread_name);
      const top = e?.frames[0];
      // rust-minidump does not walk the thread that wrote the dump (Breakpad's handler thread).
      if (!top) continue;
      // The crashing thread starts at the exception context; the others at their own.
      const ip = t.id === walk.crashing_thread.thread_id ? md.exception?.instructionPointer : t.instructionPointer;
      expect(ip, `thread ${t.id}`).toBe(BigInt(top.offset));
    }
    expect(md.crash?.module?.name).toBe(walk.threads.find((t) => t.thread_id === md.crash?.threadId)?.frames[0]?.module);
  });

  it('minidump2: code view details as breakpad minidump_dump prints them', async () => {
    const md = await readMinidump(corpus.file('breakpad-minidump2.dmp'));
    const ntdll = md.modules[1];
    expect(ntdll).toMatchObject({
      path: 'C:\\WINDOWS\\system32\\ntdll.dll',
      checksum: 0xaf2f7,
      timeDateStamp: 0x411096b4,
      version: '5.1.2600.2180',
      productVersion: '5.1.2600.2180',
      codeView: { format: 'pdb70', guid: '36515fb5-d043-45e4-91f6-72fa2e2878c0', age: 2, pdbName: 'ntdll.pdb' },
    });
    expect(md.modules[0]?.codeView).toEqual({ format: 'pdb70', guid: '5a9832e5-2872-41c1-838e-d98914e9b7ff', age: 1, pdbName: 'c:\\test_app.pdb' });
    expect(md.threads[0]).toMatchObject({ teb: 0x7ffdf000n, stack: { start: 0x12f31cn, size: 0xce4, rva: 0x1639 }, context: { size: 0x2cc, rva: 0xd94 } });
  });

  it('linux-mini: ELF build ids and the command line', async () => {
    const md = await readMinidump(corpus.file('rust-minidump-linux-mini.dmp'));
    expect(md.modules[0]?.codeView).toEqual({ format: 'elf', buildId: 'f1c3bcc0279865fe3058404b2831d9e64135386c' });
    expect(md.commandLine).toBe('./crash');
  });
});
