import { instructionPointer } from './cpu-context.js';
import type { DumpReader } from './dump-reader.js';
import type { CpuArch, MinidumpException, StreamEntry } from './minidump-types.js';

const STREAM_SIZE = 168; // MINIDUMP_EXCEPTION_STREAM
const MAX_PARAMETERS = 15; // EXCEPTION_MAXIMUM_PARAMETERS

/** MINIDUMP_EXCEPTION_STREAM: the exception record and the faulting thread's context. */
export async function readException(reader: DumpReader, entry: StreamEntry, cpu: CpuArch | null): Promise<{ exception: MinidumpException; contextCpu: CpuArch | null }> {
  const f = await reader.stream(entry, STREAM_SIZE);
  const threadId = f.u32(0);
  const count = Math.min(f.u32(32), MAX_PARAMETERS);
  const parameters: bigint[] = [];
  for (let i = 0; i < count; i++) parameters.push(f.u64(40 + i * 8));
  const context = { size: f.u32(160), rva: f.u32(164) };
  const ip = await instructionPointer(reader, 'the exception context', context, cpu);
  return {
    exception: {
      threadId,
      code: f.u32(8),
      flags: f.u32(12),
      address: f.u64(24),
      parameters,
      context,
      instructionPointer: ip?.value ?? null,
    },
    contextCpu: ip?.cpu ?? null,
  };
}
