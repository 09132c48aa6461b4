import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseMinidump, readMinidump } from '../../../../src/adapters/minidump/read-minidump.js';
import type { ByteSource } from '../../../../src/adapters/minidump/byte-source.js';
import type { Minidump } from '../../../../src/adapters/minidump/minidump-types.js';
import { corpusFolder } from '../../../fixtures/corpus.js';

const corpus = corpusFolder('minidump');
const dumps = corpus.list('.dmp');

interface CorpusEntry {
  size: number;
  expected: Record<string, unknown>;
  decoded: Record<string, unknown>;
}

function entry(dump: string): CorpusEntry {
  return JSON.parse(readFileSync(corpus.file(dump.replace(/\.dmp$/, '.json')), 'utf8')) as CorpusEntry;
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;
const code8 = (v: number): string => v.toString(16).padStart(8, '0');

/** The values of the corpus's `expected` block, computed from the parsed dump. */
function expectedView(md: Minidump, keys: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    exception_code: md.exception ? code8(md.exception.code) : null,
    crash_address: md.crash ? hex(md.crash.address) : null,
    faulting_module: md.crash?.module?.name ?? null,
    faulting_module_offset: md.crash?.moduleOffset != null ? hex(md.crash.moduleOffset) : null,
    module_count: md.modules.length,
    thread_count: md.threads.length,
    crashing_thread_id: md.exception?.threadId ?? null,
  };
  return Object.fromEntries(keys.map((k) => [k, k in all ? all[k] : `no reader value for '${k}'`]));
}

/** The corpus's `decoded` block of raw header and stream facts, from the parsed dump. */
function decodedView(md: Minidump, decoded: Record<string, unknown>): Record<string, unknown> {
  const { header, systemInfo: si, miscInfo: misc, exception: ex, crash } = md;
  const views: Record<string, () => unknown> = {
    header: () => ({
      version: hex(header.version),
      stream_count: header.streamCount,
      stream_directory_rva: header.streamDirectoryRva,
      checksum: hex(header.checksum),
      time_date_stamp: header.timeDateStamp,
      flags: hex(header.flags),
    }),
    streams: () => md.streams.map((s) => ({ type: hex(s.type), name: s.name, size: s.size, rva: s.rva })),
    system_info: () =>
      si && {
        processor_architecture: hex(si.processorArchitecture),
        cpu: si.cpu,
        platform_id: hex(si.platformId),
        platform: si.platform,
        os_version: si.osVersion,
        csd_version: si.csdVersion,
        number_of_processors: si.numberOfProcessors,
      },
    thread_count: () => md.threads.length,
    module_count: () => md.modules.length,
    misc_info: () => misc && { size_of_info: misc.sizeOfInfo, flags1: hex(misc.flags1), process_id: misc.processId },
    memory_list: () => md.memory && { range_count: md.memory.rangeCount, total_bytes: md.memory.totalBytes },
    breakpad_info: () =>
      md.breakpadInfo && {
        validity: hex(md.breakpadInfo.validity),
        dump_thread_id: md.breakpadInfo.dumpThreadId,
        requesting_thread_id: md.breakpadInfo.requestingThreadId,
      },
    thread_context_sizes: () => [...new Set(md.threads.map((t) => t.context.size))],
    exception: () =>
      ex && {
        thread_id: ex.threadId,
        code: code8(ex.code),
        flags: hex(ex.flags),
        address: hex(ex.address),
        parameters: ex.parameters.map(hex),
        context_size: ex.context.size,
      },
    crashing_thread_index: () => crash?.threadIndex,
    exception_context_ip: () => (ex?.instructionPointer != null ? hex(ex.instructionPointer) : null),
    module_of_exception_context_ip: () => ({
      module: crash?.module?.name ?? null,
      offset: crash?.moduleOffset != null ? hex(crash.moduleOffset) : null,
    }),
    thread_names: () =>
      (decoded.thread_names as { thread_id: number }[]).map(({ thread_id }) => ({
        thread_id,
        name: md.threads.find((t) => t.id === thread_id)?.name,
      })),
    unloaded_module_count: () => md.unloadedModuleCount,
    memory_info_count: () => md.memoryInfoCount,
    assertion: () => md.assertion,
  };
  return Object.fromEntries(Object.keys(decoded).map((k) => [k, views[k] ? views[k]() : `no reader value for '${k}'`]));
}

corpus.describe('readMinidump on the shared corpus', () => {
  it('finds the corpus', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(15);
  });

  it.each(dumps)('%s matches every expected value and decoded fact', async (dump) => {
    const { expected, decoded, size } = entry(dump);
    const md = await readMinidump(corpus.file(dump));
    expect(md.fileSize).toBe(size);
    expect(expectedView(md, Object.keys(expected))).toEqual(expected);
    expect(decodedView(md, decoded)).toEqual(decoded);
  });

  it.each(dumps)('%s is parsed the same from memory, reading a small part of the file', async (dump) => {
    const file = corpus.file(dump);
    const bytes = new Uint8Array(readFileSync(file));
    let bytesRead = 0;
    const counting: ByteSource = {
      size: bytes.length,
      read(offset, length) {
        bytesRead += length;
        return Promise.resolve(bytes.subarray(offset, offset + length));
      },
    };
    const fromMemory = await parseMinidump(counting, file);
    expect(fromMemory).toEqual(await readMinidump(file));
    // Header, directory, lists and contexts only: never the captured memory.
    const memoryBytes = (fromMemory.memory?.totalBytes ?? 0) + (fromMemory.memory64?.totalBytes ?? 0);
    expect(bytesRead).toBeLessThan(bytes.length - memoryBytes);
  });
});
