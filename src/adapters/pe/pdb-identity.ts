import type { FileRole } from '../../base/fs/fs-error.js';
import { withBoundedFile, type BoundedFile } from './bounded-file.js';
import { guidText, pdbStoreKey } from './symbol-store-key.js';

export interface PdbIdentity {
  file: string;
  guid: string;
  /** The age the executable's CodeView record carries: the DBI stream's, else the info stream's. */
  age: number;
  /** The info stream's age, which tools bump on every rewrite; may be above `age`. */
  infoAge: number;
  /** `GUID` + `age` as the symbol-store key (`name.pdb/<key>/name.pdb`). */
  key: string;
}

const ROLE: FileRole = { what: 'PDB', kind: 'bad-input', fix: 'pass the .pdb the linker wrote' };
const MSF7_MAGIC = Buffer.from('Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0', 'latin1');
const PDB2_MAGIC = 'Microsoft C/C++ program database 2.00';
const SUPERBLOCK_SIZE = 56;
const BLOCK_SIZES = new Set([512, 1024, 2048, 4096]);
const NIL_STREAM = 0xffffffff;
const INFO_STREAM = 1;
const DBI_STREAM = 3;
const INFO_HEADER = 28; // Version, Signature, Age, GUID
const DBI_HEADER = 12; // VersionSignature (-1), VersionHeader, Age

/**
 * Reads a PDB's GUID and age from an MSF 7.00 file (the PDB format since
 * Visual C++ 7): the superblock, the first part of the stream directory and
 * the headers of the info and DBI streams; nothing else. Throws one
 * `bad-input` line for a file that is not such a PDB or is damaged.
 */
export function readPdbIdentity(file: string): Promise<PdbIdentity> {
  return withBoundedFile(file, ROLE, async (f) => {
    if (f.size < SUPERBLOCK_SIZE) throw f.wrongKind(`is ${f.size} bytes, too short for a PDB`);
    const sb = await f.bytes(0, SUPERBLOCK_SIZE, 'the MSF superblock');
    if (!sb.subarray(0, MSF7_MAGIC.length).equals(MSF7_MAGIC)) {
      if (sb.toString('latin1', 0, PDB2_MAGIC.length) === PDB2_MAGIC) {
        throw f.wrongKind('is a PDB 2.00 file (Visual C++ 6 and older); crash-autofix reads PDB 7.00 files');
      }
      throw f.wrongKind('is not a PDB (it does not start with the MSF 7.00 signature)');
    }
    const msf = await openMsf(f, sb);
    const info = await msf.streamHeader(INFO_STREAM, INFO_HEADER, 'the PDB info stream');
    if (!info) throw f.damaged('it has no PDB info stream (stream 1)');
    const guid = guidText(info, 12);
    const infoAge = info.readUInt32LE(8);
    const dbi = await msf.streamHeader(DBI_STREAM, DBI_HEADER, 'the DBI stream');
    // The DBI age is the one linkers write into the image; the info age may have moved on since.
    const age = dbi && dbi.readInt32LE(0) === -1 ? dbi.readUInt32LE(8) : infoAge;
    return { file, guid, age, infoAge, key: pdbStoreKey(guid, age) };
  });
}

interface Msf {
  /** The first `length` bytes of stream `index`; null when the stream is absent, nil or shorter. */
  streamHeader(index: number, length: number, part: string): Promise<Buffer | null>;
}

async function openMsf(f: BoundedFile, sb: Buffer): Promise<Msf> {
  const blockSize = sb.readUInt32LE(32);
  const blockCount = sb.readUInt32LE(40);
  const directoryBytes = sb.readUInt32LE(44);
  const blockMapAt = sb.readUInt32LE(52);
  if (!BLOCK_SIZES.has(blockSize)) throw f.damaged(`its block size is ${blockSize}, not 512, 1024, 2048 or 4096`);
  const block = async (index: number, offset: number, length: number, part: string): Promise<Buffer> => {
    if (index >= blockCount) throw f.damaged(`${part} points at block ${index}, past its ${blockCount} blocks`);
    return f.bytes(index * blockSize + offset, length, part);
  };
  const directoryBlocks = Math.ceil(directoryBytes / blockSize);
  // The block map is one block of block numbers; a directory needing more is damage.
  if (directoryBytes < 8 || directoryBlocks > blockSize / 4) throw f.damaged(`its stream directory claims ${directoryBytes} bytes`);
  const map = await block(blockMapAt, 0, directoryBlocks * 4, 'the stream directory block map');
  /** The u32 at byte `at` of the stream directory. */
  const directoryWord = async (at: number, part: string): Promise<number> => {
    if (at + 4 > directoryBytes) throw f.damaged(`${part} lies past the end of its ${directoryBytes}-byte stream directory`);
    const where = Math.floor(at / blockSize);
    return (await block(map.readUInt32LE(where * 4), at % blockSize, 4, part)).readUInt32LE(0);
  };
  const streamCount = await directoryWord(0, 'the stream count');
  if (streamCount > (directoryBytes - 4) / 4) throw f.damaged(`its stream directory claims ${streamCount} streams in ${directoryBytes} bytes`);
  const blocksOf = (size: number): number => (size === NIL_STREAM ? 0 : Math.ceil(size / blockSize));
  return {
    async streamHeader(index, length, part) {
      if (index >= streamCount) return null;
      // Block lists follow all the sizes, stream after stream; skip those of the streams before.
      let listAt = 4 + 4 * streamCount;
      for (let i = 0; i < index; i++) listAt += 4 * blocksOf(await directoryWord(4 + 4 * i, `the size of stream ${i}`));
      const size = await directoryWord(4 + 4 * index, `the size of ${part}`);
      if (size === NIL_STREAM || size < length) return null;
      // Every block is at least 512 bytes, so a header of a few dozen lies in the stream's first block.
      return block(await directoryWord(listAt, `the first block of ${part}`), 0, length, part);
    },
  };
}
