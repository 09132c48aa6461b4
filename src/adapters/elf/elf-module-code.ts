import { open, stat } from 'node:fs/promises';
import type { NativeModule } from '../../domain/pre-triage.js';
import { CALL_WINDOW } from '../stack-walk/call-site.js';
import type { CodeMap } from '../stack-walk/code-map.js';
import type { StackMemory } from '../stack-walk/stack-memory.js';
import { readExecutableBuildId } from './elf-build-id.js';
import type { FileMapping } from './elf-structures.js';
import { functionStartAt, readFunctionStarts, type FunctionStarts } from './elf-function-starts.js';

/** Where a module's file is on this machine, or null when it is not at hand. */
export type CoreModuleFileLookup = (module: NativeModule) => string | null | Promise<string | null>;

const PAGE = 4096n;
/** Pages read at most: a walk looks before a few hundred return addresses, not more. */
const MAX_PAGES = 1024;
/** Facts of files read before, by path, size and modification time: a share's cores name the same libraries. */
const known = new Map<string, { size: number; mtimeMs: number; facts: FileFacts }>();
const MAX_KNOWN = 512;

/**
 * A core holds no code pages of the mapped files, but the files themselves
 * are often at hand (the program, the system libraries). Their code says
 * whether a word on the stack follows a call, and which function a direct
 * call entered. A file is read only when its build id is the one the core
 * recorded: another build's bytes would mislead. The pages before every word
 * from the context's sp up that points into code are read before the walk.
 */
export interface ModuleCode {
  /** The `length` bytes of code just before `address`; null when its module's file is not at hand. */
  codeBefore(address: bigint, length: number): Uint8Array | null;
  /** The entry of the function holding `address`, from its file's .eh_frame_hdr; null when unknown. */
  functionStart(address: bigint): bigint | null;
}

interface FileFacts {
  buildId: string | null;
  functions: FunctionStarts | null;
}

export async function moduleCode(
  memory: StackMemory,
  sp: bigint,
  code: CodeMap,
  files: readonly FileMapping[],
  modules: readonly NativeModule[],
  lookup: CoreModuleFileLookup,
): Promise<ModuleCode> {
  const mappingAt = (address: bigint): FileMapping | undefined => files.find((f) => f.start <= address && address < f.end);
  const w = BigInt(memory.wordSize);
  const wanted = new Map<string, { path: string; page: bigint }>();
  const from = sp > memory.base && sp < memory.end ? sp - (sp % w) : memory.base;
  for (let at = from; at + w <= memory.end && wanted.size < MAX_PAGES; at += w) {
    const value = memory.word(at);
    if (value === null || value === 0n || !code.isCode(value - 1n)) continue;
    const m = mappingAt(value - 1n);
    if (!m) continue;
    for (const offset of [fileOffset(m, value - BigInt(CALL_WINDOW)), fileOffset(m, value - 1n)]) wanted.set(`${offset / PAGE}:${m.path}`, { path: m.path, page: offset / PAGE });
  }
  const paths = [...new Set([...wanted.values()].map((p) => p.path))];
  const usable = new Map<string, { file: string; facts: FileFacts; bias: bigint }>();
  await Promise.all(
    paths.map(async (path) => {
      const m = modules.find((x) => x.path === path);
      const file = m?.buildId ? await lookup(m) : null;
      const facts = file ? await factsOf(file) : null;
      if (file && m && facts?.buildId === m.buildId) usable.set(path, { file, facts, bias: BigInt(m.base) - BigInt(facts.functions?.firstVaddr ?? 0) });
    }),
  );
  const pages = new Map<string, Uint8Array>();
  for (const [path, { file }] of usable) {
    const handle = await open(file, 'r');
    try {
      for (const [k, p] of wanted) {
        if (p.path !== path) continue;
        const buffer = Buffer.alloc(Number(PAGE));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, Number(p.page * PAGE));
        pages.set(k, buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
  return {
    codeBefore(address, length) {
      const m = mappingAt(address - 1n);
      if (!m || !usable.has(m.path) || address - BigInt(length) < m.start) return null;
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        const offset = fileOffset(m, address - BigInt(length - i));
        const byte = pages.get(`${offset / PAGE}:${m.path}`)?.[Number(offset % PAGE)];
        if (byte === undefined) return null;
        out[i] = byte;
      }
      return out;
    },
    functionStart(address) {
      const m = mappingAt(address);
      const u = m && usable.get(m.path);
      if (!u?.facts.functions) return null;
      const start = functionStartAt(u.facts.functions, Number(address - u.bias));
      return start === null ? null : BigInt(start) + u.bias;
    },
  };
}

function fileOffset(m: FileMapping, address: bigint): bigint {
  const at = address < m.start ? m.start : address;
  return at - m.start + m.page * m.pageSize;
}

/** A file's build id and function entries, read once per path, size and modification time. */
async function factsOf(file: string): Promise<FileFacts | null> {
  try {
    const { size, mtimeMs } = await stat(file);
    const seen = known.get(file);
    if (seen && seen.size === size && seen.mtimeMs === mtimeMs) return seen.facts;
    const buildId = await readExecutableBuildId(file);
    const handle = await open(file, 'r');
    let functions: FunctionStarts | null;
    try {
      functions = await readFunctionStarts(handle);
    } finally {
      await handle.close();
    }
    if (known.size >= MAX_KNOWN) known.clear();
    const facts = { buildId, functions };
    known.set(file, { size, mtimeMs, facts });
    return facts;
  } catch {
    // Not there or not readable: the walk does without its code.
    return null;
  }
}
