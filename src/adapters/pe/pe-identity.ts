import type { FileRole } from '../../base/fs/fs-error.js';
import { withBoundedFile, type BoundedFile } from './bounded-file.js';
import { guidText, imageStoreKey, pdbStoreKey } from './symbol-store-key.js';

/** The PDB an executable was linked with, from its CodeView (RSDS) debug record. */
export interface PeCodeView {
  guid: string;
  age: number;
  /** As the linker wrote it: a file name or a full Windows path. */
  pdbName: string;
}

export interface PeIdentity {
  file: string;
  /** IMAGE_FILE_MACHINE_* (0x8664 for x64, 0x14c for x86). */
  machine: number;
  timeDateStamp: number;
  sizeOfImage: number;
  /** `%08X%x` of TimeDateStamp and SizeOfImage: the image's folder in a symbol store. */
  imageKey: string;
  codeView: PeCodeView | null;
  /** GUID and age of `codeView` as a symbol-store key; null without an RSDS record. */
  pdbKey: string | null;
}

const ROLE: FileRole = { what: 'Executable', kind: 'bad-input', fix: 'pass the .exe or .dll the build produced' };
const PE32 = 0x10b;
const PE32_PLUS = 0x20b;
const DEBUG_DIRECTORY = 6;
const DEBUG_ENTRY_SIZE = 28;
const IMAGE_DEBUG_TYPE_CODEVIEW = 2;
const RSDS = 0x53445352;
const SECTION_SIZE = 40;
/** The PE loader's limit on sections; more is damage. */
const MAX_SECTIONS = 96;
/** A debug directory holds a handful of entries (CodeView, POGO, repro, …). */
const MAX_DEBUG_ENTRIES = 64;
/** An RSDS record is 24 bytes and a path; Windows paths end long before this. */
const MAX_CODEVIEW = 4096;

/**
 * Reads what a symbol store keys a PE image by: the header's TimeDateStamp and
 * SizeOfImage, and the CodeView record naming its PDB. Only headers are read.
 * Throws one `bad-input` line for a file that is not a PE image or is damaged.
 */
export function readPeIdentity(file: string): Promise<PeIdentity> {
  return withBoundedFile(file, ROLE, async (f) => {
    if (f.size < 64) throw f.wrongKind(`is ${f.size} bytes, too short for a PE image`);
    const dos = await f.bytes(0, 64, 'the DOS header');
    if (dos.toString('latin1', 0, 2) !== 'MZ') throw f.wrongKind(`is not a Windows executable (it starts with bytes ${dos.subarray(0, 4).toString('hex')}, not "MZ")`);
    const peAt = dos.readUInt32LE(0x3c);
    const coff = await f.bytes(peAt, 24, 'the PE header');
    if (coff.readUInt32LE(0) !== 0x00004550) throw f.wrongKind('is a DOS program without a PE header, not a Windows executable');
    const machine = coff.readUInt16LE(4);
    const sectionCount = coff.readUInt16LE(6);
    const timeDateStamp = coff.readUInt32LE(8);
    const optionalSize = coff.readUInt16LE(20);
    if (sectionCount > MAX_SECTIONS) throw f.damaged(`its header claims ${sectionCount} sections (at most ${MAX_SECTIONS})`);
    const optional = await f.bytes(peAt + 24, optionalSize, 'the optional header');
    const magic = optionalSize >= 2 ? optional.readUInt16LE(0) : 0;
    if (magic !== PE32 && magic !== PE32_PLUS) throw f.damaged(`its optional header has magic 0x${magic.toString(16)}, not PE32 or PE32+`);
    const directoriesAt = magic === PE32_PLUS ? 112 : 96;
    if (optional.length < directoriesAt) throw f.damaged(`its optional header is ${optional.length} bytes, shorter than a ${magic === PE32_PLUS ? 'PE32+' : 'PE32'} header`);
    const sizeOfImage = optional.readUInt32LE(56);
    const directoryCount = optional.readUInt32LE(directoriesAt - 4);
    const sections = await readSections(f, peAt + 24 + optionalSize, sectionCount);
    let codeView: PeCodeView | null = null;
    const debugAt = directoriesAt + DEBUG_DIRECTORY * 8;
    if (directoryCount > DEBUG_DIRECTORY && debugAt + 8 <= optional.length) {
      codeView = await readCodeView(f, sections, optional.readUInt32LE(debugAt), optional.readUInt32LE(debugAt + 4));
    }
    return {
      file,
      machine,
      timeDateStamp,
      sizeOfImage,
      imageKey: imageStoreKey(timeDateStamp, sizeOfImage),
      codeView,
      pdbKey: codeView ? pdbStoreKey(codeView.guid, codeView.age) : null,
    };
  });
}

interface Section {
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
}

async function readSections(f: BoundedFile, at: number, count: number): Promise<Section[]> {
  const table = await f.bytes(at, count * SECTION_SIZE, 'the section table');
  const out: Section[] = [];
  for (let i = 0; i < count; i++) {
    const b = i * SECTION_SIZE;
    out.push({
      virtualSize: table.readUInt32LE(b + 8),
      virtualAddress: table.readUInt32LE(b + 12),
      rawSize: table.readUInt32LE(b + 16),
      rawOffset: table.readUInt32LE(b + 20),
    });
  }
  return out;
}

/** The file offset of `size` bytes at `rva`, when one section's raw data holds them all. */
function fileOffset(sections: Section[], rva: number, size: number): number | null {
  for (const s of sections) {
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.virtualAddress && rva + size <= s.virtualAddress + span && rva - s.virtualAddress + size <= s.rawSize) {
      return s.rawOffset + (rva - s.virtualAddress);
    }
  }
  return null;
}

async function readCodeView(f: BoundedFile, sections: Section[], rva: number, size: number): Promise<PeCodeView | null> {
  if (rva === 0 || size === 0) return null;
  const count = Math.floor(size / DEBUG_ENTRY_SIZE);
  if (count > MAX_DEBUG_ENTRIES) throw f.damaged(`its debug directory claims ${count} entries (at most ${MAX_DEBUG_ENTRIES})`);
  const at = fileOffset(sections, rva, count * DEBUG_ENTRY_SIZE);
  if (at === null) throw f.damaged(`its debug directory (RVA 0x${rva.toString(16)}) lies in no section`);
  const entries = await f.bytes(at, count * DEBUG_ENTRY_SIZE, 'the debug directory');
  for (let i = 0; i < count; i++) {
    const e = i * DEBUG_ENTRY_SIZE;
    if (entries.readUInt32LE(e + 12) !== IMAGE_DEBUG_TYPE_CODEVIEW) continue;
    const dataSize = entries.readUInt32LE(e + 16);
    const dataRva = entries.readUInt32LE(e + 20);
    const pointer = entries.readUInt32LE(e + 24);
    if (dataSize < 24) continue; // an NB10 or other record too short for RSDS
    const length = Math.min(dataSize, MAX_CODEVIEW);
    const offset = pointer !== 0 ? pointer : fileOffset(sections, dataRva, length);
    if (offset === null) throw f.damaged(`its CodeView record (RVA 0x${dataRva.toString(16)}) lies in no section`);
    const record = await f.bytes(offset, length, 'the CodeView record');
    if (record.readUInt32LE(0) !== RSDS) continue;
    const nameEnd = record.indexOf(0, 24);
    return { guid: guidText(record, 4), age: record.readUInt32LE(20), pdbName: record.toString('utf8', 24, nameEnd === -1 ? record.length : nameEnd) };
  }
  return null;
}
