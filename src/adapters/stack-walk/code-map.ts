/** A module as the walker sees it: an address range and an index into the caller's module list. */
export interface ModuleRange {
  start: bigint;
  end: bigint;
  /** Index into the dump's module list. */
  index: number;
}

/**
 * Which addresses lie in which module, and which hold code. Minidumps say
 * only where each module is loaded, so its whole image counts as code (as
 * breakpad and rust-minidump count it); a core's segments say which mappings
 * are executable.
 */
export class CodeMap {
  private readonly modules: RangeIndex;
  private readonly code: RangeIndex;

  constructor(modules: readonly ModuleRange[], code: readonly ModuleRange[] = modules) {
    this.modules = new RangeIndex(modules);
    this.code = new RangeIndex(code);
  }

  /** Index of the module holding `address`, or null. */
  moduleAt(address: bigint): number | null {
    return this.modules.find(address)?.index ?? null;
  }

  /** Whether `address` lies in a module's code. */
  isCode(address: bigint): boolean {
    return this.code.find(address) !== null;
  }
}

/** Ranges sorted by start for a binary search; a damaged list with overlaps is searched in its own order instead. */
class RangeIndex {
  private readonly sorted: ModuleRange[];
  private readonly overlapping: boolean;

  constructor(private readonly ranges: readonly ModuleRange[]) {
    this.sorted = ranges.filter((m) => m.end > m.start).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    this.overlapping = this.sorted.some((r, i) => i > 0 && r.start < (this.sorted[i - 1]?.end ?? 0n));
  }

  find(address: bigint): ModuleRange | null {
    if (this.overlapping) return this.ranges.find((r) => r.start <= address && address < r.end) ?? null;
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.sorted[mid];
      if (!r) break;
      if (address < r.start) hi = mid - 1;
      else if (address >= r.end) lo = mid + 1;
      else return r;
    }
    return null;
  }
}
