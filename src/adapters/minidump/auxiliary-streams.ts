import { MAX_LIST_BYTES, type DumpReader } from './dump-reader.js';
import type { AssertionInfo, BreakpadInfo, MemoryRange, MemorySummary, StreamEntry } from './minidump-types.js';

/** Breakpad's own stream: which thread wrote the dump and which one asked for it. */
export async function readBreakpadInfo(reader: DumpReader, entry: StreamEntry): Promise<BreakpadInfo> {
  const f = await reader.stream(entry, 12);
  return { validity: f.u32(0), dumpThreadId: f.u32(4), requestingThreadId: f.u32(8) };
}

/** Breakpad's AssertionInfo: three UTF-16 fields of 128 characters, then line and type. */
export async function readAssertion(reader: DumpReader, entry: StreamEntry): Promise<AssertionInfo> {
  const f = await reader.stream(entry, 776);
  return {
    expression: f.utf16z(0, 256),
    function: f.utf16z(256, 256),
    file: f.utf16z(512, 256),
    line: f.u32(768),
    type: f.u32(772),
  };
}

/** MemoryListStream; checks that every range's bytes are in the file. */
export async function readMemoryList(reader: DumpReader, entry: StreamEntry): Promise<MemorySummary> {
  const { count, entries } = await reader.list(entry, 16, 'memory ranges');
  let totalBytes = 0;
  const ranges: MemoryRange[] = [];
  for (let i = 0; i < count; i++) {
    const start = entries.u64(i * 16);
    const size = entries.u32(i * 16 + 8);
    const rva = entries.u32(i * 16 + 12);
    reader.check(`the memory at 0x${start.toString(16)}`, rva, size);
    totalBytes += size;
    ranges.push({ start, size, rva });
  }
  return { rangeCount: count, totalBytes, ranges };
}

/** Memory64ListStream (full dumps): all ranges lie back to back from one base RVA. */
export async function readMemory64List(reader: DumpReader, entry: StreamEntry): Promise<MemorySummary> {
  const head = await reader.fields(`stream ${entry.name}`, entry.rva, Math.min(entry.size, 16));
  if (head.length < 16) reader.damaged(`stream ${entry.name} is ${entry.size} bytes, too short for its header`);
  const count = head.u64(0);
  const baseRva = head.u64(8);
  if (16n + count * 16n > BigInt(Math.min(entry.size, MAX_LIST_BYTES))) {
    reader.damaged(`stream ${entry.name} says it holds ${count} memory ranges but is ${entry.size} bytes long`);
  }
  const entries = await reader.fields(`stream ${entry.name}`, entry.rva + 16, Number(count) * 16);
  let total = 0n;
  const ranges: MemoryRange[] = [];
  for (let i = 0; i < Number(count); i++) {
    const size = entries.u64(i * 16 + 8);
    // Back to back: each range's bytes follow the previous one's. Past the file they are not kept; the check below names the damage.
    if (baseRva + total + size <= BigInt(reader.size)) ranges.push({ start: entries.u64(i * 16), size: Number(size), rva: Number(baseRva + total) });
    total += size;
  }
  reader.check(`the memory of the full dump (${count} ranges)`, baseRva, total);
  return { rangeCount: Number(count), totalBytes: Number(total), ranges };
}

/** Entry count of MINIDUMP_UNLOADED_MODULE_LIST; the entries themselves are not needed. */
export async function readUnloadedModuleCount(reader: DumpReader, entry: StreamEntry): Promise<number> {
  return (await reader.stream(entry, 12)).u32(8);
}

/** Entry count of MINIDUMP_MEMORY_INFO_LIST (a 64-bit count). */
export async function readMemoryInfoCount(reader: DumpReader, entry: StreamEntry): Promise<number> {
  const f = await reader.fields(`stream ${entry.name}`, entry.rva, Math.min(entry.size, 16));
  if (f.length < 16) reader.damaged(`stream ${entry.name} is ${entry.size} bytes, too short for its header`);
  return Number(f.u64(8));
}

const MAX_COMMAND_LINE = 65_536;

/** Breakpad's LinuxCmdLine stream: /proc/pid/cmdline, arguments separated by NUL. */
export async function readLinuxCommandLine(reader: DumpReader, entry: StreamEntry): Promise<string> {
  const f = await reader.fields(`stream ${entry.name}`, entry.rva, Math.min(entry.size, MAX_COMMAND_LINE));
  return Buffer.from(f.bytes).toString('utf8').split('\0').filter((a) => a !== '').join(' ');
}
