import { describe, expect, it } from 'vitest';
import { cachedSymbolize } from '../../../../src/adapters/symbolizer/symbol-cache.js';
import type { SymbolRequest } from '../../../../src/adapters/symbolizer/llvm-symbolizer.js';

describe('cachedSymbolize', () => {
  it('asks for each module address once, in order, and answers every request', async () => {
    const asked: string[][] = [];
    const symbolize = cachedSymbolize((requests) => {
      asked.push(requests.map((r) => `${r.module}@${r.offset}`));
      return Promise.resolve(requests.map((r) => [{ function: `f${r.offset}`, file: null, line: null }]));
    });
    const r = (offset: number, module = 'a.exe'): SymbolRequest => ({ module, offset: BigInt(offset) });
    expect((await symbolize([r(1), r(2), r(1)])).map((l) => l[0]?.function)).toEqual(['f1', 'f2', 'f1']);
    expect((await symbolize([r(2), r(3), r(2, 'b.dll')])).map((l) => l[0]?.function)).toEqual(['f2', 'f3', 'f2']);
    expect(await symbolize([r(1), r(3)])).toHaveLength(2);
    expect(asked).toEqual([['a.exe@1', 'a.exe@2'], ['a.exe@3', 'b.dll@2']]);
  });

  it('forgets everything when full rather than grow without bound', async () => {
    let calls = 0;
    const symbolize = cachedSymbolize((requests) => {
      calls++;
      return Promise.resolve(requests.map(() => []));
    }, 2);
    await symbolize([{ module: 'a', offset: 1n }, { module: 'a', offset: 2n }]);
    await symbolize([{ module: 'a', offset: 3n }]);
    await symbolize([{ module: 'a', offset: 1n }]);
    expect(calls).toBe(3);
  });
});
