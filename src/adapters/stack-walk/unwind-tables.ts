// The unwind-data ports the x64 walk reads; module files implement them.

/** An entry of a PE's .pdata: the function [begin, end) and its UNWIND_INFO, all RVAs. */
export interface RuntimeFunction {
  begin: number;
  end: number;
  unwindInfo: number;
}

/** A module's x64 unwind data, read from its PE file. */
export interface ModuleUnwind {
  lookup(rva: number): RuntimeFunction | null;
  /** `length` bytes of the image at `rva`, fewer at a section's end, null outside every section. */
  read(rva: number, length: number): Promise<Uint8Array | null>;
}

export interface UnwindTables {
  /** The unwind data of module `index`, or null when its PE file is not at hand. */
  forModule(index: number): Promise<ModuleUnwind | null>;
}
