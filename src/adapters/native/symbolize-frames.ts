import type { NativeFrame } from '../../domain/pre-triage.js';
import type { RawFrame } from '../../domain/raw-crash.js';
import type { SymbolRequest } from '../symbolizer/llvm-symbolizer.js';
import type { NativeReadOptions } from './native-read-options.js';

/**
 * Stacks of walked frames (innermost first) as RawFrames: each frame, and the
 * inlined frames at its address (innermost first), when its module's file and
 * the symbolizer are at hand; else module and address only. One symbolizer
 * run for all stacks. `fileOf` maps a module's short name to its file.
 */
export async function symbolizeStacks(stacks: readonly (readonly NativeFrame[])[], fileOf: (module: string) => string | null, symbolize: NativeReadOptions['symbolize']): Promise<RawFrame[][]> {
  const requests: SymbolRequest[] = [];
  const asked = new Map<NativeFrame, number>();
  for (const frames of stacks) {
    frames.forEach((f, i) => {
      const module = f.module === null ? null : fileOf(f.module);
      if (module === null || f.offset === null || symbolize === null) return;
      asked.set(f, requests.length);
      // A caller's address is its return address: the call itself is one byte before.
      requests.push({ module, offset: BigInt(f.offset - (i > 0 ? 1 : 0)) });
    });
  }
  const answers = requests.length > 0 && symbolize ? await symbolize(requests) : [];
  return stacks.map((frames) => {
    const out: RawFrame[] = [];
    for (const f of frames) {
      const k = asked.get(f);
      const locations = k === undefined ? [] : (answers[k] ?? []);
      if (locations.length === 0) {
        out.push({ index: out.length, address: f.address, module: f.module, function: null, file: null, line: null, inline: false });
        continue;
      }
      locations.forEach((l, j) => {
        out.push({ index: out.length, address: f.address, module: f.module, function: l.function, file: l.file, line: l.line, inline: j < locations.length - 1 });
      });
    }
    return out;
  });
}
