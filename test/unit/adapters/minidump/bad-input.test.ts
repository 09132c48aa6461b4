import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { parseMinidump, readMinidump } from '../../../../src/adapters/minidump/read-minidump.js';
import { corpusFolder } from '../../../fixtures/corpus.js';

const corpus = corpusFolder('minidump');

let dir: string;
let original: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'minidump-bad-'));
  // The damaged copies start from a real dump of the corpus; the tests that use it skip without one.
  original = corpus.present ? await readFile(corpus.file('breakpad-minidump2.dmp')) : Buffer.alloc(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, content);
  return p;
}

/** The bad-input error reading `p` throws, checked to be a single line. */
async function failure(p: string): Promise<CrashAutofixError> {
  const error: unknown = await readMinidump(p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrashAutofixError);
  const e = error as CrashAutofixError;
  expect(e.kind).toBe('bad-input');
  expect(e.message).not.toMatch(/\n/);
  return e;
}

/** minidump2 with `patch` applied to a copy. */
function patched(patch: (b: Buffer) => void): Buffer {
  const copy = Buffer.from(original);
  patch(copy);
  return copy;
}

describe('readMinidump on files that are not minidumps', () => {
  it('says an empty file is empty', async () => {
    const p = await file('empty.dmp', '');
    expect((await failure(p)).message).toBe(
      `${p} is empty (0 bytes), not a minidump; the crash handler did not finish writing it, pass the .dmp file the crash handler wrote`,
    );
  });

  it('points a text file to from-output', async () => {
    const p = await file('analyze.txt', 'FAULTING_IP: \nAccessV!main+101\nEXCEPTION_RECORD:  ffffffffffffffff\n');
    expect((await failure(p)).message).toBe(
      `${p} is a text file, not a minidump; if it is saved cdb output, pass it as 'from-output' instead of 'dump', otherwise pass the .dmp file the crash handler wrote`,
    );
  });

  it('recognises an ELF core and says how to read it', async () => {
    const elf = Buffer.alloc(64);
    elf.write('\x7fELF', 0, 'latin1');
    elf[4] = 2;
    elf[5] = 1;
    elf.writeUInt16LE(4, 16); // ET_CORE
    const p = await file('core.1234', elf);
    expect((await failure(p)).message).toMatch(/ is an ELF file \(a Linux core dump or program\), not a Windows minidump; pass a core file as 'dump' to have it read with gdb/);
  });

  corpus.it('shows the first bytes of a dump whose signature is corrupted', async () => {
    const p = await file('corrupt.dmp', patched((b) => b.write('MDMQ', 0, 'latin1')));
    expect((await failure(p)).message).toBe(
      `${p} is not a minidump (it starts with bytes 4d444d5193a72851, not the signature 'MDMP'); pass the .dmp file the crash handler wrote`,
    );
  });

  it('asks to unpack a compressed dump', async () => {
    const p = await file('crash.dmp.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    expect((await failure(p)).message).toBe(`${p} is a gzip archive, not a minidump; unpack it and pass the .dmp inside`);
  });

  corpus.it('rejects an unknown format version', async () => {
    const p = await file('version.dmp', patched((b) => b.writeUInt16LE(0x1234, 4)));
    expect((await failure(p)).message).toMatch(/ has the minidump signature but format version 0x1234 \(expected 0xa793\)/);
  });

  it('says a missing file or a folder is not a dump', async () => {
    expect((await failure(path.join(dir, 'nope.dmp'))).message).toMatch(/does not exist; check the 'dump' path/);
    expect((await failure(dir)).message).toMatch(/is a folder; pass the \.dmp file itself/);
  });
});

corpus.describe('readMinidump on truncated and damaged minidumps', () => {
  const cut = async (name: string, length: number): Promise<string> => file(name, original.subarray(0, length));

  it('inside the header', async () => {
    const p = await cut('header.dmp', 20);
    expect((await failure(p)).message).toBe(`${p} is truncated: the header at RVA 0x0 needs 32 bytes but the file has 20; copy the complete dump`);
  });

  it('inside the stream directory', async () => {
    const p = await cut('directory.dmp', 40);
    expect((await failure(p)).message).toBe(
      `${p} is truncated: the stream directory (9 entries) at RVA 0x20 needs 140 bytes but the file has 40; copy the complete dump`,
    );
  });

  it('inside a stream', async () => {
    const p = await cut('stream.dmp', 1000);
    expect((await failure(p)).message).toBe(
      `${p} is truncated: stream ModuleList at RVA 0x1e8 needs 1896 bytes but the file has 1000; copy the complete dump`,
    );
  });

  it('inside a thread stack, after every stream', async () => {
    const p = await cut('stack.dmp', 8000);
    expect((await failure(p)).message).toBe(
      `${p} is truncated: the stack of thread 3060 at RVA 0x1639 needs 8989 bytes but the file has 8000; copy the complete dump`,
    );
  });

  it('one byte short', async () => {
    const p = await cut('last-byte.dmp', original.length - 1);
    expect((await failure(p)).message).toMatch(/ is truncated: .* needs 11317 bytes but the file has 11316; copy the complete dump$/);
  });

  it('says a list whose count exceeds its stream is damaged', async () => {
    const p = await file('count.dmp', patched((b) => b.writeUInt32LE(100_000, 0x1e8)));
    expect((await failure(p)).message).toBe(
      `${p} is a damaged minidump: stream ModuleList says it holds 100000 modules (10800004 bytes) but is 1408 bytes long; copy the dump again or pass another one`,
    );
  });

  it('says a string with an absurd length is damaged', async () => {
    // The first module's name is a MINIDUMP_STRING at RVA 0x78a.
    const p = await file('name.dmp', patched((b) => b.writeUInt32LE(0x7fffffff, 0x78a)));
    expect((await failure(p)).message).toMatch(/ is a damaged minidump: the name of module 0 at RVA 0x78a claims to be 2147483647 bytes long/);
  });

  it('finds every cut of every corpus dump truncated', async () => {
    for (const dump of corpus.list('.dmp')) {
      const bytes = new Uint8Array(await readFile(corpus.file(dump)));
      const step = Math.max(1, Math.floor(bytes.length / 97));
      for (let length = 32; length < bytes.length; length += step) {
        const error: unknown = await parseMinidump(bytes.subarray(0, length), dump).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, `${dump} cut at ${length}`).toBeInstanceOf(CrashAutofixError);
        expect((error as Error).message).toMatch(new RegExp(`^${dump} is truncated: .* but the file has ${length}; copy the complete dump$`));
      }
    }
  });
});

corpus.describe('readMinidump on corrupted bytes', () => {
  it('either parses or throws a bad-input error, never anything else', async () => {
    let seed = 20240917;
    const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let rejected = 0;
    for (const dump of corpus.list('.dmp')) {
      const bytes = await readFile(corpus.file(dump));
      // Headers, directories and lists sit in the first part of these dumps; memory follows.
      const span = Math.min(bytes.length, 30_000);
      for (let i = 0; i < 100; i++) {
        const copy = Buffer.from(bytes);
        for (let k = 0; k < 3; k++) copy[Math.floor(random() * span)] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
        const error: unknown = await parseMinidump(copy, dump).then(
          () => null,
          (e: unknown) => e,
        );
        if (error === null) continue;
        rejected++;
        expect(error).toBeInstanceOf(CrashAutofixError);
        expect((error as CrashAutofixError).kind).toBe('bad-input');
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });
});
