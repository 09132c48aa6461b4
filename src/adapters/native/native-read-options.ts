import type { SourceLocation, SymbolRequest } from '../symbolizer/llvm-symbolizer.js';

/** How a dump is read without a debugger: the same for minidumps and ELF cores. */
export interface NativeReadOptions {
  /**
   * Module files on this machine (the crashed program, its libraries or DLLs),
   * matched to the dump's modules by file name and, for a core that records
   * it, by GNU build id.
   */
  moduleFiles: readonly string[];
  /** llvm-symbolizer, when installed; without it the frames keep module and offset only. */
  symbolize: ((requests: readonly SymbolRequest[]) => Promise<SourceLocation[][]>) | null;
  /** Told, one line each, about module files that were not used and why. */
  warn?: (message: string) => void;
}
