import { StackMemory, stackWindow } from '../stack-walk/stack-memory.js';
import type { DumpReader } from './dump-reader.js';
import type { Minidump, MemoryRange, MinidumpThread } from './minidump-types.js';

/**
 * The stack bytes of `thread` around `sp`: its own stack descriptor, or, when
 * the writer left that empty (full-memory dumps), the captured range that
 * holds sp. At most a bounded window is read, whatever size the dump claims.
 */
export async function threadStack(reader: DumpReader, md: Minidump, thread: MinidumpThread | undefined, sp: bigint, wordSize: 4 | 8): Promise<StackMemory> {
  const own: MemoryRange | null = thread && thread.stack.size > 0 && thread.stack.rva > 0 ? { start: thread.stack.start, size: thread.stack.size, rva: thread.stack.rva } : null;
  const ranges = [...(md.memory?.ranges ?? []), ...(md.memory64?.ranges ?? [])];
  const range = own ?? ranges.find((r) => r.start <= sp && sp < r.start + BigInt(r.size)) ?? null;
  if (!range) return StackMemory.empty(wordSize);
  const window = stackWindow(range.start, range.start + BigInt(range.size), sp);
  const length = Number(window.end - window.start);
  const at = range.rva + Number(window.start - range.start);
  // The reader checked every range lies inside the file when it listed them.
  const f = await reader.fields(`the stack of thread ${thread?.id ?? 'unknown'}`, at, length);
  return new StackMemory(window.start, f.bytes, wordSize);
}
