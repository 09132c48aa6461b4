import type { SourceLocation, SymbolRequest } from './llvm-symbolizer.js';

type Symbolize = (requests: readonly SymbolRequest[]) => Promise<SourceLocation[][]>;

/**
 * Remembers each module address's answer, so the dumps of one bug (the same
 * return addresses in the same build) start llvm-symbolizer once between
 * them: a scan of a thousand duplicates spawns it about once per bug.
 */
export function cachedSymbolize(symbolize: Symbolize, maxEntries = 200_000): Symbolize {
  const known = new Map<string, SourceLocation[]>();
  const key = (r: SymbolRequest): string => `${r.module}\0${r.offset.toString(16)}`;
  return async (requests) => {
    const missing = [...new Map(requests.filter((r) => !known.has(key(r))).map((r) => [key(r), r])).values()];
    if (missing.length > 0) {
      const answers = await symbolize(missing);
      if (known.size + missing.length > maxEntries) known.clear();
      missing.forEach((r, i) => known.set(key(r), answers[i] ?? []));
    }
    return requests.map((r) => known.get(key(r)) ?? []);
  };
}
