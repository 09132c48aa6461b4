/** The smallest minidumps: a header and a stream directory, each stream zero-filled. No corpus needed. */
export function minimalMinidump(streams: ReadonlyArray<{ type: number; size: number }> = []): Buffer {
  const header = Buffer.alloc(32);
  header.write('MDMP', 0, 'latin1');
  header.writeUInt32LE(0xa793, 4); // MINIDUMP_VERSION
  header.writeUInt32LE(streams.length, 8);
  header.writeUInt32LE(32, 12); // the directory follows the header
  const directory = Buffer.alloc(streams.length * 12);
  let rva = 32 + directory.length;
  streams.forEach(({ type, size }, i) => {
    directory.writeUInt32LE(type, i * 12);
    directory.writeUInt32LE(size, i * 12 + 4);
    directory.writeUInt32LE(rva, i * 12 + 8);
    rva += size;
  });
  return Buffer.concat([header, directory, Buffer.alloc(rva - 32 - directory.length)]);
}

/** MINIDUMP_STREAM_TYPE ModuleListStream. */
export const MODULE_LIST_STREAM = 4;
