import type { RawException } from './raw-crash.js';

/**
 * What a dump says about its crash when read natively, before any debugger
 * runs: the exception, the faulting module and offset, and a stack walk of
 * the crashing thread without symbols. Enough to put dumps of the same bug
 * into one bucket, so the debugger runs once per new bug. Plain JSON.
 */

/**
 * How a frame was found, most trusted first: the thread's own registers, the
 * module's unwind data (x64 `.pdata`/`.xdata`), the frame-pointer chain, or a
 * word on the stack that points into a module's code (a guess).
 */
export type FrameTrust = 'context' | 'cfi' | 'frame-pointer' | 'scan';

export interface NativeFrame {
  /**
   * Lower-case hex with 0x. Frame 0: the instruction pointer; the others: the
   * return address, as gdb and cdb print them. Symbolise a caller at
   * `address - 1` (the call), which is why `offset` of a caller is one past it.
   */
  address: string;
  /** The module's short name as the debuggers print it (`worldserver`, `libc.so.6`, `ntdll`); null outside any module. */
  module: string | null;
  /** `address` minus the module's base; null when `module` is. */
  offset: number | null;
  trust: FrameTrust;
}

export interface NativeModule {
  /** Short name, the one frames use. */
  name: string;
  /** Path on the machine that crashed. */
  path: string;
  base: string;
  size: number;
  /**
   * What names this build: the GNU build id (ELF), the PDB GUID and age as
   * symbol servers file it (PE with a CodeView record), else the PE
   * TimeDateStamp and SizeOfImage (`5A9832E5` + `2d000`). Null when the dump
   * does not say. Module offsets without symbols hold only within one build.
   */
  buildId: string | null;
}

/** Why the walk ended. */
export type WalkEnd =
  | 'end-of-stack' // no caller found, the caller's address was null, or the stack pointer stopped growing
  | 'frame-limit' // `maxFrames` frames were walked
  | 'no-stack-memory' // the dump holds no stack bytes for the thread: only the context frame
  | 'unsupported-cpu'; // no walker for this CPU: only the context frame

export interface PreTriage {
  format: 'minidump' | 'elf-core';
  /** `amd64`, `x86`, `arm64`, ... */
  cpu: string;
  exception: RawException;
  crashingThreadId: string;
  /** The module holding the crashing instruction; null when it lies in none (JIT code, a wild jump). */
  faultingModule: string | null;
  faultingOffset: number | null;
  /** The crashing thread, innermost first; frames[0] is the context frame when there is one. */
  frames: NativeFrame[];
  /** Every module the dump lists, in its order. */
  modules: NativeModule[];
  walk: {
    end: WalkEnd;
    /** Modules whose unwind data was used, and why some given were not (one line each). */
    notes: string[];
  };
}
