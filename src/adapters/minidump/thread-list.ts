import { instructionPointer } from './cpu-context.js';
import type { DumpReader } from './dump-reader.js';
import type { CpuArch, MinidumpThread, StreamEntry } from './minidump-types.js';

const THREAD_SIZE = 48; // MINIDUMP_THREAD
const THREAD_EX_SIZE = 64; // MINIDUMP_THREAD_EX: plus the IA-64 backing store
const THREAD_NAME_SIZE = 12; // MINIDUMP_THREAD_NAME, packed to 4: id, RVA64

/** Threads from ThreadListStream, or ThreadExListStream when a writer used only that. */
export async function readThreads(
  reader: DumpReader,
  list: StreamEntry | undefined,
  exList: StreamEntry | undefined,
  cpu: CpuArch | null,
): Promise<MinidumpThread[]> {
  const entry = list ?? exList;
  if (!entry) return [];
  const entrySize = list ? THREAD_SIZE : THREAD_EX_SIZE;
  const { count, entries } = await reader.list(entry, entrySize, 'threads');
  const threads: MinidumpThread[] = [];
  for (let i = 0; i < count; i++) {
    const f = entries.slice(i * entrySize, entrySize);
    const id = f.u32(0);
    const stack = { start: f.u64(24), size: f.u32(32), rva: f.u32(36) };
    const context = { size: f.u32(40), rva: f.u32(44) };
    reader.check(`the stack of thread ${id}`, stack.rva, stack.size);
    const ip = await instructionPointer(reader, `the context of thread ${id}`, context, cpu);
    threads.push({
      id,
      name: null,
      suspendCount: f.u32(4),
      priorityClass: f.u32(8),
      priority: f.u32(12),
      teb: f.u64(16),
      stack,
      context,
      instructionPointer: ip?.value ?? null,
    });
  }
  return threads;
}

/** ThreadNamesStream (type 24): thread id to the name SetThreadDescription gave it. */
export async function readThreadNames(reader: DumpReader, entry: StreamEntry): Promise<Map<number, string>> {
  const { count, entries } = await reader.list(entry, THREAD_NAME_SIZE, 'thread names');
  const names = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const f = entries.slice(i * THREAD_NAME_SIZE, THREAD_NAME_SIZE);
    const id = f.u32(0);
    const rva = f.u64(4);
    names.set(id, rva === 0n ? '' : await reader.string(`the name of thread ${id}`, rva));
  }
  return names;
}
