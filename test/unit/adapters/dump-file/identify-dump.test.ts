import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { identifyDump } from '../../../../src/adapters/dump-file/identify-dump.js';
import { MODULE_LIST_STREAM, minimalMinidump } from '../../../fakes/minidump-bytes.js';

/** A minimal little-endian ELF64 header with one PT_LOAD program header. */
function elf64(type: number, segment: { offset: number; size: number }): Buffer {
  const b = Buffer.alloc(64 + 56);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b[6] = 1;
  b.writeUInt16LE(type, 16);
  b.writeUInt16LE(62, 18); // x86-64
  b.writeBigUInt64LE(64n, 32); // e_phoff
  b.writeUInt16LE(56, 54); // e_phentsize
  b.writeUInt16LE(1, 56); // e_phnum
  b.writeUInt32LE(1, 64); // PT_LOAD
  b.writeBigUInt64LE(BigInt(segment.offset), 64 + 8);
  b.writeBigUInt64LE(BigInt(segment.size), 64 + 32);
  return b;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'identify-'));
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, content);
  return p;
}

describe('identifyDump', () => {
  it('recognises a complete ELF core', async () => {
    const p = await file('core', Buffer.concat([elf64(4, { offset: 120, size: 8 }), Buffer.alloc(8)]));
    await expect(identifyDump(p)).resolves.toBe('elf-core');
  });

  it('says a truncated core is truncated and how big it should be', async () => {
    const p = await file('core.cut', elf64(4, { offset: 120, size: 4096 }));
    await expect(identifyDump(p)).rejects.toThrow(`${p} is a truncated core dump: its memory segments needs 4216 bytes but the file has 120; copy the complete core`);
  });

  it('tells an executable from a core', async () => {
    const p = await file('prog', elf64(2, { offset: 0, size: 0 }));
    await expect(identifyDump(p)).rejects.toThrow(/is an executable or shared library, not a core dump; pass the core file as 'dump' and the program as 'executable'/);
  });

  it('recognises a minidump and checks it is complete', async () => {
    const bytes = minimalMinidump([{ type: MODULE_LIST_STREAM, size: 2000 }]);
    await expect(identifyDump(await file('whole.dmp', bytes))).resolves.toBe('minidump');
    const cut = await file('cut.dmp', bytes.subarray(0, 1000));
    await expect(identifyDump(cut)).rejects.toThrow(/cut\.dmp is truncated: stream ModuleList at RVA 0x2c needs 2044 bytes but the file has 1000; copy the complete dump/);
  });

  it('points saved debugger text to from-output', async () => {
    const p = await file('analyze.txt', 'FAULTING_IP: \nAccessV!main+101\n');
    await expect(identifyDump(p)).rejects.toThrow(/is a text file, not a dump; if it is saved debugger output, pass it as 'from-output'/);
  });

  it('rejects empty, missing, folder and unknown inputs with one line each', async () => {
    await expect(identifyDump(await file('empty', ''))).rejects.toThrow(/is empty \(0 bytes\)/);
    await expect(identifyDump(path.join(dir, 'nope'))).rejects.toThrow(/does not exist; check the 'dump' path/);
    await mkdir(path.join(dir, 'folder'));
    await expect(identifyDump(path.join(dir, 'folder'))).rejects.toThrow(/is a folder/);
    await expect(identifyDump(await file('zip', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0xff, 0xfe])))).rejects.toThrow(
      /is neither an ELF core file nor a Windows minidump \(it starts with bytes 504b03040000fffe\)/,
    );
  });

  it('refuses a core whose program headers are shorter than an ELF64 one, instead of reading past them', async () => {
    for (const size of [0, 8, 40, 55]) {
      const core = elf64(4, { offset: 120, size: 8 });
      core.writeUInt16LE(size, 54);
      const p = await file(`core.phentsize-${size}`, Buffer.concat([core, Buffer.alloc(8)]));
      await expect(identifyDump(p)).rejects.toThrow(
        `${p} is a damaged core dump: its program headers are ${size} bytes each, but an ELF64 program header is 56; copy the core again or pass another one`,
      );
    }
  });

  it('says an ELF64 header cut short is truncated', async () => {
    const p = await file('core.head', elf64(4, { offset: 0, size: 0 }).subarray(0, 60));
    await expect(identifyDump(p)).rejects.toThrow(`${p} is a truncated core dump: the ELF64 header needs 64 bytes but the file has 60;`);
  });

  it('refuses a FIFO and a device at once instead of blocking on them', async () => {
    const fifo = path.join(dir, 'core.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(identifyDump(fifo)).rejects.toThrow(`Dump ${fifo} is a named pipe (FIFO), not a regular file; check the 'dump' path`);
    await expect(identifyDump('/dev/zero')).rejects.toThrow("Dump /dev/zero is a character device, not a regular file; check the 'dump' path");
  });
});
