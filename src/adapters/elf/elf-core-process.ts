import { open } from 'node:fs/promises';
import { readCoreImage, type CoreProcess } from './elf-core-image.js';

export interface CoreThreadState {
  /** The kernel's thread id (LWP), as gdb names threads. */
  id: string;
  /** Its instruction pointer; null for machines the reader has no register layout for. */
  pc: bigint | null;
}

export interface CoreProcessFacts {
  process: CoreProcess | null;
  /** In the order the core lists them: the thread that took the signal first, as gdb numbers them. */
  threads: CoreThreadState[];
}

/** The process and every thread of a core already checked by preTriageElfCore (which gives the errors for a bad file). */
export async function readCoreProcess(file: string): Promise<CoreProcessFacts> {
  const handle = await open(file, 'r');
  try {
    const image = await readCoreImage(handle);
    return {
      process: image?.process ?? null,
      threads: (image?.threads ?? []).map((t) => ({ id: String(t.tid), pc: t.registers?.pc ?? null })),
    };
  } finally {
    await handle.close();
  }
}
