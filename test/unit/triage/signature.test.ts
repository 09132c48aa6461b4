import { describe, expect, it } from 'vitest';
import { computeSignature, exceptionKind, normalizeFunctionName, type SignatureFrame } from '../../../src/triage/signature.js';

function frame(fn: string | null, opts: Partial<SignatureFrame> = {}): SignatureFrame {
  return { function: fn, module: 'worldserver', file: null, line: null, inApp: true, ...opts };
}
const libc = (fn: string): SignatureFrame => frame(fn, { module: 'libc.so.6', inApp: false });

/** A TrinityCore-like null dereference in Player::Update, as gdb prints it. */
function playerCrash(variant: { args?: string; line?: number; template?: string } = {}): SignatureFrame[] {
  const args = variant.args ?? 'unsigned int';
  return [
    frame(`Player::Update(${args})`, { file: 'src/server/game/Entities/Player/Player.cpp', line: variant.line ?? 1234 }),
    frame(`Map::Update<${variant.template ?? 'Player'}>(unsigned int const&)`, { file: 'src/server/game/Maps/Map.cpp', line: 700 }),
    frame('MapUpdater::WorkerThread()', { file: 'src/server/game/Maps/MapUpdater.cpp', line: 90 }),
    frame('World::Update(unsigned int)', { file: 'src/server/game/World/World.cpp', line: 2200 }),
    libc('start_thread'),
  ];
}

const sig = (kind: string, frames: SignatureFrame[]): string => computeSignature(kind, frames).signature;

describe('computeSignature', () => {
  it('has the form <kind>-<12 hex> and hashes the top three frames from the culprit down', () => {
    const result = computeSignature('access-violation', playerCrash());
    expect(result.signature).toMatch(/^access-violation-[0-9a-f]{12}$/);
    expect(result.basis).toEqual({ kind: 'access-violation', frames: ['Player::Update', 'Map::Update', 'MapUpdater::WorkerThread'] });
  });

  it('is the same across ASLR, arguments, template arguments and line shifts', () => {
    const base = sig('access-violation', playerCrash());
    expect(sig('access-violation', playerCrash({ line: 1299 }))).toBe(base);
    expect(sig('access-violation', playerCrash({ args: 'unsigned int, bool' }))).toBe(base);
    expect(sig('access-violation', playerCrash({ template: 'Creature' }))).toBe(base);
    const moved = playerCrash().map((f) => ({ ...f, address: '0x7f0000001234', moduleOffset: '0x99' }));
    expect(sig('access-violation', moved)).toBe(base);
  });

  it('is the same for the MSVC and gdb spellings of the same stack', () => {
    const msvc = [
      frame('worldserver!Player::Update+0x1a', { file: 'src/server/game/Entities/Player/Player.cpp', line: 1234 }),
      frame('worldserver!Map::Update<Player>+0x2c', { file: 'src/server/game/Maps/Map.cpp', line: 700 }),
      frame('worldserver!MapUpdater::WorkerThread+0x99', { file: 'src/server/game/Maps/MapUpdater.cpp', line: 90 }),
    ];
    expect(sig('access-violation', msvc)).toBe(sig('access-violation', playerCrash()));
  });

  it('is the same with or without runtime frames on top', () => {
    const withRuntime = [libc('__memmove_avx_unaligned_erms'), libc('memcpy'), ...playerCrash()];
    expect(sig('access-violation', withRuntime)).toBe(sig('access-violation', playerCrash()));
  });

  it('differs for a different culprit function, a different caller and a different kind', () => {
    const base = sig('access-violation', playerCrash());
    const otherCulprit = playerCrash();
    otherCulprit[0] = frame('Player::UpdateAI(unsigned int)', { file: 'src/server/game/Entities/Player/Player.cpp', line: 1234 });
    const otherCaller = playerCrash();
    otherCaller[1] = frame('Battleground::Update(unsigned int)', { file: 'src/server/game/Battlegrounds/Battleground.cpp', line: 80 });
    const signatures = [
      base,
      sig('access-violation', otherCulprit),
      sig('access-violation', otherCaller),
      sig('divide-by-zero', playerCrash()),
      sig('abort', playerCrash()),
    ];
    expect(new Set(signatures).size).toBe(signatures.length);
  });

  it('starts at the given culprit, so ignored frames do not count', () => {
    const frames = [frame('Trinity::Debug::DumpState(char const*)', { file: 'src/common/Debug.cpp', line: 5 }), ...playerCrash()];
    expect(computeSignature('abort', frames, { culpritIndex: 1 }).basis.frames[0]).toBe('Player::Update');
    expect(computeSignature('abort', frames).basis.frames[0]).toBe('Trinity::Debug::DumpState');
  });

  it('collapses recursion so the depth of the same recursion does not matter', () => {
    const at = (depth: number): SignatureFrame[] => [
      frame('Node::Visit(Visitor&)', { file: 'src/Tree.cpp', line: 10 }),
      ...Array.from({ length: depth }, () => frame('Node::Visit(Visitor&)', { file: 'src/Tree.cpp', line: 12 })),
      frame('Tree::Walk()', { file: 'src/Tree.cpp', line: 40 }),
      frame('main', { file: 'src/main.cpp', line: 3 }),
    ];
    expect(sig('access-violation', at(2))).toBe(sig('access-violation', at(40)));
    expect(computeSignature('access-violation', at(40)).basis.frames).toEqual(['Node::Visit', 'Tree::Walk', 'main']);
  });

  it('collapses mutual recursion cycles', () => {
    const cycle = (n: number): SignatureFrame[] =>
      Array.from({ length: n }, (_, i) => frame(i % 2 === 0 ? 'Eval(Expr*)' : 'Apply(Expr*)', { file: 'src/eval.cpp', line: 1 + i }));
    const frames = (n: number): SignatureFrame[] => [...cycle(n), frame('Repl::Run()', { file: 'src/repl.cpp', line: 9 })];
    expect(sig('access-violation', frames(4))).toBe(sig('access-violation', frames(30)));
    expect(computeSignature('access-violation', frames(30)).basis.frames).toEqual(['Eval', 'Apply', 'Repl::Run']);
  });

  it('identifies a stack overflow by its recursion cycle, wherever the stack ran out', () => {
    const names = ['Json::ParseValue(char const*&)', 'Json::ParseArray(char const*&)', 'Json::ParseObject(char const*&)'];
    const overflow = (offset: number): SignatureFrame[] => [
      libc('__memset_avx2_unaligned_erms'),
      ...Array.from({ length: 300 }, (_, i) => frame(names[(i + offset) % 3] as string, { file: 'src/json.cpp', line: 10 + i })),
    ];
    const kinds = [0, 1, 2].map((o) => exceptionKind('SIGSEGV', overflow(o)));
    expect(kinds).toEqual(['stack-overflow', 'stack-overflow', 'stack-overflow']);
    const signatures = [0, 1, 2].map((o) => computeSignature('stack-overflow', overflow(o)));
    expect(new Set(signatures.map((s) => s.signature)).size).toBe(1);
    expect(signatures[0]?.basis.frames).toEqual(['Json::ParseArray', 'Json::ParseObject', 'Json::ParseValue']);
  });

  it('falls back to non-system frames when nothing is in-app', () => {
    const frames = playerCrash().map((f) => ({ ...f, inApp: false }));
    const result = computeSignature('access-violation', [libc('abort'), ...frames]);
    expect(result.basis.frames).toEqual(['Player::Update', 'Map::Update', 'MapUpdater::WorkerThread']);
  });

  it('falls back to module offsets for frames without symbols, ignoring load-address module names', () => {
    const frames = (module: string): SignatureFrame[] => [
      frame('RtlFreeHeap', { module: 'ntdll', inApp: false }),
      frame(null, { module, inApp: false, moduleOffset: '0x7417' }),
      frame(null, { module, inApp: false, moduleOffset: '0x5b17' }),
      frame(null, { module: 'KERNEL32', inApp: false, moduleOffset: '0x19' }),
    ];
    const a = computeSignature('heap-corruption', frames('image009e0000'));
    expect(a.basis.frames).toEqual(['image+0x7417', 'image+0x5b17']);
    expect(computeSignature('heap-corruption', frames('image01200000')).signature).toBe(a.signature);
  });

  it('falls back to system frames, then to the kind alone', () => {
    const system = computeSignature('heap-corruption', [frame('ntdll!RtlpFreeHeapInternal+0x0', { module: 'ntdll', inApp: false })]);
    expect(system.basis.frames).toEqual(['RtlpFreeHeapInternal']);
    const empty = computeSignature('access-violation', [frame(null, { module: null, inApp: false })]);
    expect(empty.basis.frames).toEqual([]);
    expect(empty.signature).toMatch(/^access-violation-[0-9a-f]{12}$/);
  });

  it('keeps the kind safe for the signature format', () => {
    expect(computeSignature('Weird Kind!', playerCrash()).signature).toMatch(/^weird-kind-[0-9a-f]{12}$/);
    expect(computeSignature('', playerCrash()).basis.kind).toBe('unknown');
  });

  it('re-exports the name and kind helpers', () => {
    expect(normalizeFunctionName('Player::Update(unsigned int)')).toBe('Player::Update');
    expect(exceptionKind('c0000005')).toBe('access-violation');
  });
});
