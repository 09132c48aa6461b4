import type { DumpReader } from './dump-reader.js';
import { notAMinidump, truncatedDump, unsupportedVersion } from './minidump-errors.js';
import type { MinidumpHeader, StreamEntry } from './minidump-types.js';
import { streamName } from './stream-types.js';

const SIGNATURE = 0x504d444d; // 'MDMP'
const VERSION = 0xa793;
const HEADER_SIZE = 32;
const DIRECTORY_ENTRY_SIZE = 12;

/**
 * The MINIDUMP_HEADER and the stream directory. Every stream the directory
 * lists must lie inside the file; a dump cut short fails here, whichever
 * streams are parsed later.
 */
export async function readHeaderAndDirectory(reader: DumpReader): Promise<{ header: MinidumpHeader; streams: StreamEntry[] }> {
  const head = await reader.fields('the header', 0, Math.min(reader.size, HEADER_SIZE));
  if (head.length < 4 || head.u32(0) !== SIGNATURE) throw notAMinidump(reader.file, head.bytes, reader.size);
  if (head.length < HEADER_SIZE) throw truncatedDump(reader.file, 'the header', 0, HEADER_SIZE, reader.size);
  const header: MinidumpHeader = {
    version: head.u32(4),
    streamCount: head.u32(8),
    streamDirectoryRva: head.u32(12),
    checksum: head.u32(16),
    timeDateStamp: head.u32(20),
    flags: head.u64(24),
  };
  if ((header.version & 0xffff) !== VERSION) throw unsupportedVersion(reader.file, header.version);
  const directory = await reader.fields(
    `the stream directory (${header.streamCount} entries)`,
    header.streamDirectoryRva,
    header.streamCount * DIRECTORY_ENTRY_SIZE,
  );
  const streams: StreamEntry[] = [];
  for (let i = 0; i < header.streamCount; i++) {
    const at = i * DIRECTORY_ENTRY_SIZE;
    const type = directory.u32(at);
    const entry = { type, name: streamName(type), size: directory.u32(at + 4), rva: directory.u32(at + 8) };
    reader.check(`stream ${entry.name}`, entry.rva, entry.size);
    streams.push(entry);
  }
  return { header, streams };
}
