import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { preTriageMinidump } from '../../../../src/adapters/minidump/minidump-pre-triage.js';
import type { NativeFrame, PreTriage } from '../../../../src/domain/pre-triage.js';
import { corpusFolder } from '../../../fixtures/corpus.js';

const corpus = corpusFolder('minidump');

interface Expected {
  exception_code: string | null;
  crash_address: string | null;
  faulting_module: string | null;
  faulting_module_offset: string | null;
  crashing_thread_id: number | null;
}

function expected(dump: string): Expected {
  return (JSON.parse(readFileSync(corpus.file(dump.replace(/\.dmp$/, '.json')), 'utf8')) as { expected: Expected }).expected;
}

/** The file name of a frame's module, as breakpad and rust-minidump print it (ours may be cdb's short name). */
function fileName(t: PreTriage, frame: NativeFrame | undefined): string | null {
  const m = t.modules.find((x) => x.name === frame?.module);
  return m ? m.path.slice(Math.max(m.path.lastIndexOf('\\'), m.path.lastIndexOf('/')) + 1) : null;
}

/**
 * rust-minidump's `--json` crashing thread. Its `offset` is the instruction:
 * the pc of frame 0, one less than the return address for callers; ours is
 * the address as debuggers print it.
 */
function rustFrames(slug: string): { address: bigint; module: string | null; trust: string }[] {
  const text = readFileSync(corpus.file(`${slug}.rust-stackwalk-json-pretty.txt`), 'utf8').split('\n').slice(4).join('\n');
  const walk = JSON.parse(text) as { crashing_thread: { frames: { offset: string; module: string | null; trust: string }[] } };
  return walk.crashing_thread.frames.map((f, i) => ({ address: BigInt(f.offset) + (i > 0 ? 1n : 0n), module: f.module, trust: f.trust }));
}

/** Symbolicator's snapshot: instruction_addr and trust of each frame of the first (crashing) thread. */
function symbolicatorFrames(slug: string): { address: bigint; trust: string }[] {
  const text = readFileSync(corpus.file(`${slug}.symbolicator-snapshot.txt`), 'utf8');
  const thread = text.split(/\n {2}- thread_id: /)[1] ?? '';
  const addresses = [...thread.matchAll(/instruction_addr: "(0x[0-9a-f]+)"/g)].map((m) => BigInt(m[1] ?? '0'));
  const trusts = [...thread.matchAll(/trust: (\w+)/g)].map((m) => m[1] ?? '');
  return addresses.map((address, i) => ({ address, trust: trusts[i] ?? '' }));
}

const TRUST: Record<string, string> = { context: 'context', cfi: 'cfi', frame_pointer: 'frame-pointer', fp: 'frame-pointer', scan: 'scan' };

corpus.describe('pre-triage of the shared minidumps', () => {
  const dumps = corpus.list('.dmp').filter((d) => expected(d).exception_code !== null);

  corpus.it.each(dumps)('%s: exception, faulting module and offset, crashing thread as the corpus expects', async (dump) => {
    const e = expected(dump);
    const t = await preTriageMinidump(corpus.file(dump));
    expect(t.crashingThreadId).toBe(String(e.crashing_thread_id));
    expect(fileName(t, { module: t.faultingModule } as NativeFrame)).toBe(e.faulting_module);
    expect(t.faultingOffset === null ? null : `0x${t.faultingOffset.toString(16)}`).toBe(e.faulting_module_offset);
    if (/^c[0-9a-f]{7}$/.test(t.exception.code)) expect(t.exception.code).toBe(e.exception_code);
    if (t.exception.address !== null) expect(t.exception.address).toBe(e.crash_address);
    // The walk starts where the crash is.
    expect(t.frames[0]).toMatchObject({ trust: 'context', module: t.faultingModule, offset: t.faultingOffset });
    for (const f of t.frames.slice(1)) expect(f.module, `${f.address} lies in a module`).not.toBeNull();
  });

  corpus.it.each(['breakpad-minidump2', 'rust-minidump-linux-mini'])('%s: every frame as rust-minidump walks it without symbols (frame pointer, scan)', async (slug) => {
    const reference = rustFrames(slug);
    const t = await preTriageMinidump(corpus.file(`${slug}.dmp`));
    expect(t.frames.map((f) => ({ address: BigInt(f.address), module: fileName(t, f), trust: f.trust }))).toEqual(
      reference.map((f) => ({ address: f.address, module: f.module, trust: TRUST[f.trust] })),
    );
  });

  corpus.it('macOS: the frame-pointer chain finds the frames rust-minidump found with symbols', async () => {
    const reference = rustFrames('rust-minidump-pipeline-inlines-macos-segv');
    const t = await preTriageMinidump(corpus.file('rust-minidump-pipeline-inlines-macos-segv.dmp'));
    expect(t.frames.map((f) => BigInt(f.address))).toEqual(reference.map((f) => f.address));
    // Its CFI frames are our frame-pointer ones; its closing scan frame is ours too.
    expect(t.frames.map((f) => f.trust)).toEqual(reference.map((f) => (f.trust === 'cfi' ? 'frame-pointer' : TRUST[f.trust])));
  });

  corpus.it('symbolicator, macOS: the context frame and its three scanned callers', async () => {
    const reference = symbolicatorFrames('symbolicator-macos');
    const t = await preTriageMinidump(corpus.file('symbolicator-macos.dmp'));
    expect(t.frames.map((f) => ({ address: BigInt(f.address), trust: f.trust }))).toEqual(reference.map((f) => ({ address: f.address, trust: TRUST[f.trust] })));
  });

  corpus.it('symbolicator, Windows x86: the frame-pointer frames that close its walk close ours', async () => {
    const reference = symbolicatorFrames('symbolicator-windows');
    const t = await preTriageMinidump(corpus.file('symbolicator-windows.dmp'));
    expect(BigInt(t.frames[0]?.address ?? '0')).toBe(reference[0]?.address);
    // Without symbols its CFI frames are out of reach; the kernel32 and ntdll frames after them are found again.
    const tail = reference.slice(2).map((f) => f.address);
    expect(t.frames.slice(-tail.length).map((f) => BigInt(f.address))).toEqual(tail);
    expect(t.frames.slice(-2).map((f) => f.trust)).toEqual(['frame-pointer', 'frame-pointer']);
  });

  corpus.it('a dump written without an exception is refused in one line', async () => {
    await expect(preTriageMinidump(corpus.file('breakpad-tiny-exe-with-cet-xsave.dmp'))).rejects.toThrow(/^\S+ holds no exception record: it was written from a running process, not at a crash; pass the dump/);
  });
});
