import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpFileKind, pickDump } from '../../../src/intake/pick-dump.js';

let dir: string;
const file = async (name: string, bytes: Buffer): Promise<{ file: string; entry: string; bytes: number }> => {
  const f = path.join(dir, name);
  await writeFile(f, bytes);
  return { file: f, entry: `a.zip!${name}`, bytes: bytes.length };
};
const elf = (type: number): Buffer => {
  const b = Buffer.alloc(64);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2;
  b[5] = 1;
  b.writeUInt16LE(type, 16);
  return b;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pick-dump-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('dumpFileKind and pickDump', () => {
  it('tells a minidump and an ELF core from an ELF program and anything else', async () => {
    expect(await dumpFileKind((await file('a.dmp', Buffer.from('MDMP\x93\xa7'))).file)).toBe('minidump');
    expect(await dumpFileKind((await file('core', elf(4))).file)).toBe('elf-core');
    expect(await dumpFileKind((await file('worldserver', elf(3))).file)).toBeNull();
    expect(await dumpFileKind((await file('x.pdb', Buffer.from('Microsoft C/C++ MSF 7.00\r\n'))).file)).toBeNull();
    expect(await dumpFileKind((await file('empty', Buffer.alloc(0))).file)).toBeNull();
  });

  it('picks the one dump, and says so in one line when there is none or more than one', async () => {
    const dump = await file('crash.dmp', Buffer.from('MDMP....'));
    const exe = await file('ws.exe', Buffer.from('MZ......'));
    expect(await pickDump([exe, dump], 'a.zip')).toBe(dump);
    await expect(pickDump([exe], 'a.zip')).rejects.toThrow('a.zip holds no minidump or core file (1 files: ws.exe); send the archive the crash reporter wrote');
    const other = await file('crash2.dmp', Buffer.from('MDMP....'));
    await expect(pickDump([dump, other], 'a.zip')).rejects.toThrow('a.zip holds 2 dumps (a.zip!crash.dmp, a.zip!crash2.dmp); one job takes one dump, so send them one per archive, or scan the folder');
  });
});
