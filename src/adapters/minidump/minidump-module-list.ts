import type { DumpReader } from './dump-reader.js';
import { Fields } from './le-fields.js';
import type { CodeViewRecord, MinidumpModule, StreamEntry } from './minidump-types.js';

const MODULE_SIZE = 108; // MINIDUMP_MODULE without tail padding
const VS_FFI_SIGNATURE = 0xfeef04bd;
const VS_FFI_STRUCVERSION = 0x00010000;
const CV_PDB70 = 0x53445352; // 'RSDS'
const CV_PDB20 = 0x3031424e; // 'NB10'
const CV_ELF = 0x4270454c; // 'BpEL', Breakpad's ELF build id
/** A CodeView record is a GUID and a PDB path; more than this is not worth reading. */
const MAX_CV_READ = 4096;

export async function readModules(reader: DumpReader, entry: StreamEntry): Promise<MinidumpModule[]> {
  const { count, entries } = await reader.list(entry, MODULE_SIZE, 'modules');
  const modules: MinidumpModule[] = [];
  for (let i = 0; i < count; i++) {
    modules.push(await readModule(reader, entries.slice(i * MODULE_SIZE, MODULE_SIZE), i));
  }
  return modules;
}

async function readModule(reader: DumpReader, f: Fields, index: number): Promise<MinidumpModule> {
  const base = f.u64(0);
  const size = f.u32(8);
  const nameRva = f.u32(20);
  const path = nameRva === 0 ? '' : await reader.string(`the name of module ${index}`, nameRva);
  const cv = { size: f.u32(76), rva: f.u32(80) };
  const misc = { size: f.u32(84), rva: f.u32(88) };
  reader.check(`the debug record of module ${path}`, misc.rva, misc.size);
  // As breakpad and rust-minidump: a version only from a VS_FIXEDFILEINFO that says it is one.
  const hasVersion = f.u32(24) === VS_FFI_SIGNATURE && (f.u32(28) & VS_FFI_STRUCVERSION) !== 0;
  const codeView = cv.size === 0 ? null : await readCodeView(reader, `the CodeView record of module ${path}`, cv);
  return {
    base,
    size,
    end: base + BigInt(size),
    path,
    name: baseName(path),
    checksum: f.u32(12),
    timeDateStamp: f.u32(16),
    version: hasVersion ? fourPartVersion(f.u32(32), f.u32(36)) : null,
    productVersion: hasVersion ? fourPartVersion(f.u32(40), f.u32(44)) : null,
    codeView,
    debugId: codeView ? debugIdentifier(codeView) : null,
  };
}

/** Last component of a Windows or POSIX path. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

function fourPartVersion(ms: number, ls: number): string {
  return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
}

async function readCodeView(reader: DumpReader, what: string, at: { size: number; rva: number }): Promise<CodeViewRecord | null> {
  reader.check(what, at.rva, at.size);
  if (at.size < 4) return null;
  const f = await reader.fields(what, at.rva, Math.min(at.size, MAX_CV_READ));
  const signature = f.u32(0);
  if (signature === CV_PDB70 && f.length >= 24) {
    return { format: 'pdb70', guid: guidText(f, 4), age: f.u32(20), pdbName: f.utf8z(24) };
  }
  if (signature === CV_PDB20 && f.length >= 16) {
    return { format: 'pdb20', signature: f.u32(8), age: f.u32(12), pdbName: f.utf8z(16) };
  }
  if (signature === CV_ELF) return { format: 'elf', buildId: Buffer.from(f.bytes.subarray(4)).toString('hex') };
  return { format: 'unknown', signature };
}

/** A GUID as `5a9832e5-2872-41c1-838e-d98914e9b7ff` (Data1..3 are little-endian). */
function guidText(f: Fields, at: number): string {
  const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');
  const tail = Buffer.from(f.bytes.subarray(at + 8, at + 16)).toString('hex');
  return `${hex(f.u32(at), 8)}-${hex(f.u16(at + 4), 4)}-${hex(f.u16(at + 6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/**
 * Breakpad's debug identifier, the key symbol servers file a module's symbols
 * under: GUID and age for a PDB; for an ELF build id, its first 16 bytes read
 * as a GUID, age 0.
 */
function debugIdentifier(cv: CodeViewRecord): string | null {
  switch (cv.format) {
    case 'pdb70':
      return `${cv.guid.replace(/-/g, '')}${cv.age.toString(16)}`.toUpperCase();
    case 'pdb20':
      return `${cv.signature.toString(16).padStart(8, '0')}${cv.age.toString(16)}`.toUpperCase();
    case 'elf': {
      const id = new Fields(Buffer.from(cv.buildId.padEnd(32, '0').slice(0, 32), 'hex'));
      return `${guidText(id, 0).replace(/-/g, '')}0`.toUpperCase();
    }
    case 'unknown':
      return null;
  }
}
