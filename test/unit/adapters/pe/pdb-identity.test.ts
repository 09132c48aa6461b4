import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdbIdentity } from '../../../../src/adapters/pe/pdb-identity.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { dbiStream, msfBytes, pdbInfoStream, type MsfLayout } from '../../../fixtures/msf-bytes.js';

// Data1..3 little-endian: this is the GUID 04030201-0605-0807-090a-0b0c0d0e0f10.
const GUID = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
const GUID_TEXT = '04030201-0605-0807-090a-0b0c0d0e0f10';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdb-identity-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let count = 0;
async function pdbFile(bytes: Buffer): Promise<string> {
  const file = path.join(dir, `t${count++}.pdb`);
  await writeFile(file, bytes);
  return file;
}

const layout = (blockSize: number, streams: MsfLayout['streams']): Buffer => msfBytes({ blockSize, streams }).bytes;

describe('readPdbIdentity on MSF files written by the test', () => {
  it('keys the PDB by the DBI age, which the image records, when the info age has moved on', async () => {
    const file = await pdbFile(layout(512, [Buffer.alloc(0), pdbInfoStream(GUID, 5), Buffer.alloc(0), dbiStream(3)]));
    expect(await readPdbIdentity(file)).toEqual({ file, guid: GUID_TEXT, age: 3, infoAge: 5, key: '0403020106050807090A0B0C0D0E0F103' });
  });

  it('uses the info age when there is no DBI stream, or it is nil, or not a V7 DBI', async () => {
    for (const streams of [
      [Buffer.alloc(0), pdbInfoStream(GUID, 0x1c)],
      [null, pdbInfoStream(GUID, 0x1c), null, null],
      [Buffer.alloc(0), pdbInfoStream(GUID, 0x1c), Buffer.alloc(0), Buffer.alloc(64, 7)],
    ]) {
      const id = await readPdbIdentity(await pdbFile(layout(1024, streams)));
      expect(id.age).toBe(0x1c);
      expect(id.key).toBe('0403020106050807090A0B0C0D0E0F101C');
    }
  });

  it('reads a stream directory that spans several blocks, past streams of many blocks', async () => {
    // 400 streams: the directory's sizes alone fill four 512-byte blocks; stream 0 takes ten blocks.
    const streams: MsfLayout['streams'] = [Buffer.alloc(5000, 1), pdbInfoStream(GUID, 9), Buffer.alloc(1500, 2), dbiStream(8)];
    for (let i = 4; i < 400; i++) streams.push(Buffer.alloc(600, i & 0xff));
    const msf = msfBytes({ blockSize: 512, streams });
    expect(msf.directoryBlocks.length).toBeGreaterThan(3);
    const id = await readPdbIdentity(await pdbFile(msf.bytes));
    expect(id).toMatchObject({ guid: GUID_TEXT, age: 8, infoAge: 9 });
  });

  for (const blockSize of [2048, 4096]) {
    it(`reads block size ${blockSize}`, async () => {
      const id = await readPdbIdentity(await pdbFile(layout(blockSize, [Buffer.alloc(0), pdbInfoStream(GUID, 1), Buffer.alloc(0), dbiStream(1)])));
      expect(id.key).toBe('0403020106050807090A0B0C0D0E0F101');
    });
  }
});

describe('readPdbIdentity on damaged MSF files', () => {
  const good = (): ReturnType<typeof msfBytes> => msfBytes({ blockSize: 512, streams: [Buffer.alloc(0), pdbInfoStream(GUID, 1), Buffer.alloc(0), dbiStream(1)] });
  const cases: [string, (m: ReturnType<typeof msfBytes>) => Buffer, RegExp][] = [
    ['a block size of 3000', (m) => (m.bytes.writeUInt32LE(3000, 32), m.bytes), /its block size is 3000, not 512, 1024, 2048 or 4096/],
    ['a block map past the last block', (m) => (m.bytes.writeUInt32LE(0x7fffffff, 52), m.bytes), /the stream directory block map points at block 2147483647, past its \d+ blocks/],
    ['a directory of 4 GiB', (m) => (m.bytes.writeUInt32LE(0xffffff00, 44), m.bytes), /its stream directory claims 4294967040 bytes/],
    [
      'a stream count larger than the directory',
      (m) => (m.bytes.writeUInt32LE(0x10000000, m.directoryBlocks[0]! * 512), m.bytes),
      /its stream directory claims 268435456 streams in \d+ bytes/,
    ],
    ['no info stream', () => msfBytes({ blockSize: 512, streams: [Buffer.alloc(0)] }).bytes, /it has no PDB info stream \(stream 1\)/],
    ['an info stream of 10 bytes', () => msfBytes({ blockSize: 512, streams: [Buffer.alloc(0), Buffer.alloc(10)] }).bytes, /it has no PDB info stream/],
    [
      'the info stream in a block past the end',
      (m) => (m.bytes.writeUInt32LE(0x00ffffff, m.directoryBlocks[0]! * 512 + 4 + 4 * 4), m.bytes),
      /the PDB info stream points at block 16777215, past its \d+ blocks/,
    ],
    ['a file cut after the superblock', (m) => m.bytes.subarray(0, 600), /the stream directory block map \(4 bytes at offset \d+\) lies past the end of the 600-byte file/],
    ['a file of 40 bytes', (m) => m.bytes.subarray(0, 40), /is 40 bytes, too short for a PDB/],
  ];
  for (const [name, edit, message] of cases) {
    it(`refuses ${name} with one bad-input line`, async () => {
      const file = await pdbFile(edit(good()));
      const error = await readPdbIdentity(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrashAutofixError);
      expect((error as CrashAutofixError).kind).toBe('bad-input');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(new RegExp(`^PDB ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*; pass the \\.pdb the linker wrote$`));
    });
  }
});
